package dev.serverlesskms.core.api;

import java.util.List;

/** The DescribeCustomKeyStores response. */
public record DescribeCustomKeyStoresResponse(
    List<CustomKeyStoresListEntry> customKeyStores, String nextMarker, Boolean truncated)
    implements KmsResponse {}
