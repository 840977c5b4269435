package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;

/** The ListResourceTags response. */
public record ListResourceTagsResponse(List<Tag> tags, String nextMarker, Boolean truncated)
    implements KmsResponse {}
