package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The ListKeys response. */
public record ListKeysResponse(List<KeyListEntry> keys, String nextMarker, Boolean truncated)
    implements KmsResponse {}
