package dev.serverlesskms.audit.kinesis;

import dev.serverlesskms.core.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit events for the tests, shaped as kms-core's {@code AuditRecorder} makes them. */
final class AuditEvents {
  static final String ACCOUNT = "111122223333";

  private AuditEvents() {}

  /** The ARN of key {@code keyId} in the test account. */
  static String keyArn(String keyId) {
    return "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + keyId;
  }

  /** An {@code Encrypt} of key {@code keyId}, with a fresh request id. */
  static AuditEvent encrypt(String keyId) {
    return event(
        "Encrypt", UUID.randomUUID().toString(), List.of(keyArn(keyId)), Map.of("keyId", keyId));
  }

  /** A {@code GenerateRandom}, which touches no key. */
  static AuditEvent generateRandom(String requestId) {
    return event("GenerateRandom", requestId, List.of(), Map.of("numberOfBytes", 32));
  }

  /** An event with the given name, request id, resources (ARNs) and request parameters. */
  static AuditEvent event(
      String eventName, String requestId, List<String> arns, Map<String, Object> parameters) {
    return new AuditEvent(
        "1.08",
        Instant.parse("2026-11-23T05:45:03.250Z"),
        eventName,
        "kms.amazonaws.com",
        "us-east-1",
        UUID.randomUUID().toString(),
        requestId,
        new AuditEvent.UserIdentity(
            "IAMUser",
            "AIDAEXAMPLE",
            "arn:aws:iam::" + ACCOUNT + ":user/alice",
            ACCOUNT,
            "AKIAEXAMPLE",
            null),
        "192.0.2.10",
        "aws-cli/2.9.19 \u00e9t\u00e9 \ud83d\udd11",
        parameters,
        null,
        null,
        null,
        arns.stream().map(arn -> new AuditEvent.Resource(ACCOUNT, "AWS::KMS::Key", arn)).toList(),
        false,
        "AwsApiCall",
        ACCOUNT);
  }
}
