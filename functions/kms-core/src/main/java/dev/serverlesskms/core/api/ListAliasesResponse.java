package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The ListAliases response. */
public record ListAliasesResponse(
    List<AliasListEntry> aliases, String nextMarker, Boolean truncated) implements KmsResponse {}
