package dev.serverlesskms.core.api;

import java.util.List;

/** The ListGrants and ListRetirableGrants response. */
public record ListGrantsResponse(List<GrantListEntry> grants, String nextMarker, Boolean truncated)
    implements KmsResponse {}
