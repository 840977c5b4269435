package dev.serverlesskms.core.api;

import java.time.Instant;

/** One entry of ListAliases. */
public record AliasListEntry(
    String aliasName,
    String aliasArn,
    String targetKeyId,
    Instant creationDate,
    Instant lastUpdatedDate) {}
