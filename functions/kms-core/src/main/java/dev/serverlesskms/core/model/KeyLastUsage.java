package dev.serverlesskms.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The last successful cryptographic operation with a key, as GetKeyLastUsage reports it.
 *
 * @param keyId the key used
 * @param operation the AWS name of the operation ({@code KeyLastUsageTrackingOperation}: Encrypt,
 *     Decrypt, ReEncrypt, GenerateDataKey*, GenerateDataKeyPair*, Sign, Verify, GenerateMac,
 *     VerifyMac, DeriveSharedSecret)
 * @param timestamp when it was served
 * @param cloudTrailEventId the event id of its audit record
 * @param kmsRequestId its request id
 */
public record KeyLastUsage(
    KeyId keyId,
    String operation,
    Instant timestamp,
    String cloudTrailEventId,
    String kmsRequestId) {
  public KeyLastUsage {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
