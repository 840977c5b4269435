package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import dev.serverlesskms.core.model.ConnectionState;
import dev.serverlesskms.core.model.CustomKeyStoreType;
import java.time.Instant;

/** One custom key store in DescribeCustomKeyStores (never its password). */
public record CustomKeyStoresListEntry(
    String customKeyStoreId,
    String customKeyStoreName,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    ConnectionState connectionState,
    ConnectionErrorCode connectionErrorCode,
    Instant creationDate,
    CustomKeyStoreType customKeyStoreType) {}
