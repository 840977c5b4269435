package dev.serverlesskms.audit.kinesis;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Audit events whose Kinesis record (JSON plus partition key) has an exact size in bytes. They are
 * padded in the user agent: {@link AuditEventJson} caps request parameters far below a Kinesis
 * record, so the sink's own limit is reached only through the other fields.
 */
final class SizedEvents {
  static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private SizedEvents() {}

  /**
   * An Encrypt event of {@link #KEY_ID} padded so that its record is exactly {@code bytes} long.
   */
  static AuditEvent ofRecordBytes(int bytes) {
    int unpadded = recordBytes(padded(""));
    AuditEvent event = padded("x".repeat(bytes - unpadded));
    if (recordBytes(event) != bytes) {
      throw new IllegalStateException("could not size an event to " + bytes + " bytes");
    }
    return event;
  }

  private static AuditEvent padded(String padding) {
    AuditEvent event =
        AuditEvents.event(
            "Encrypt", "req-sized", List.of(AuditEvents.keyArn(KEY_ID)), Map.of("keyId", KEY_ID));
    return withUserAgent(event, event.userAgent() + padding);
  }

  /** {@code event} with another user agent. */
  static AuditEvent withUserAgent(AuditEvent event, String userAgent) {
    return new AuditEvent(
        event.eventVersion(),
        event.eventTime(),
        event.eventName(),
        event.eventSource(),
        event.awsRegion(),
        event.eventId(),
        event.requestId(),
        event.userIdentity(),
        event.sourceIpAddress(),
        userAgent,
        event.requestParameters(),
        event.responseElements(),
        event.errorCode(),
        event.errorMessage(),
        event.resources(),
        event.readOnly(),
        event.eventType(),
        event.recipientAccountId());
  }

  /** Counted independently of the class under test: UTF-8 JSON plus UTF-8 partition key. */
  private static int recordBytes(AuditEvent event) {
    return AuditEventJson.toJson(event).getBytes(StandardCharsets.UTF_8).length
        + KEY_ID.getBytes(StandardCharsets.UTF_8).length;
  }
}
