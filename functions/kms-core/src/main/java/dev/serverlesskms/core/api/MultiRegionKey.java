package dev.serverlesskms.core.api;

/** AWS's {@code MultiRegionKey}: one copy of a multi-Region key, by its ARN and region. */
public record MultiRegionKey(String arn, String region) {}
