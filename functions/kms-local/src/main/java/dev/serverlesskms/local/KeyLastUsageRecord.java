package dev.serverlesskms.local;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import java.time.Instant;

/**
 * The persisted form of a key's {@link KeyLastUsage} (record format 1), written as JSON by {@link
 * RecordJson}; instants as ISO-8601 strings with full precision.
 */
record KeyLastUsageRecord(
    int format,
    String keyId,
    String operation,
    String timestamp,
    String cloudTrailEventId,
    String kmsRequestId) {

  static final int FORMAT = 1;

  static KeyLastUsageRecord of(KeyLastUsage usage) {
    return new KeyLastUsageRecord(
        FORMAT,
        usage.keyId().value(),
        usage.operation(),
        usage.timestamp().toString(),
        usage.cloudTrailEventId(),
        usage.kmsRequestId());
  }

  KeyLastUsage toKeyLastUsage() {
    return new KeyLastUsage(
        new KeyId(keyId), operation, Instant.parse(timestamp), cloudTrailEventId, kmsRequestId);
  }
}
