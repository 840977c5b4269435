package dev.serverlesskms.audit.kinesis;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.nio.charset.StandardCharsets;

/**
 * One audit event as the Kinesis record that carries it: the data is the event's CloudTrail-shaped
 * JSON line ({@link AuditEventJson}, the same bytes the local JSON-lines log writes, without the
 * line terminator: Kinesis delimits records itself, and Firehose adds a delimiter when it batches
 * them to S3), UTF-8; the partition key comes from {@link AuditPartitionKey}.
 *
 * <p>Kinesis refuses a record whose data plus partition key exceed 1 MiB. Such a record is refused
 * here, before any call, with a message that says so: an audit record is never truncated or split,
 * because a shortened record could hide what the request did, and a split one could be read half.
 * The request it describes fails instead (fail-closed).
 */
final class KinesisAuditRecord {
  /** Kinesis' limit on a record: data (before base64) plus partition key, in bytes. */
  static final int MAX_RECORD_BYTES = 1024 * 1024;

  private final String partitionKey;
  private final byte[] data;

  private KinesisAuditRecord(String partitionKey, byte[] data) {
    this.partitionKey = partitionKey;
    this.data = data;
  }

  /** Where Kinesis routes the record. */
  String partitionKey() {
    return partitionKey;
  }

  /**
   * The JSON line, UTF-8. The array itself, not a copy: this class is the sink's, which only sends
   * it.
   */
  byte[] data() {
    return data;
  }

  /**
   * The record for {@code event}.
   *
   * @throws AuditUnavailableException if the event cannot be serialized, has no usable partition
   *     key, or is too large for one Kinesis record
   */
  static KinesisAuditRecord of(AuditEvent event) {
    String partitionKey = AuditPartitionKey.of(event);
    byte[] data = serialize(event).getBytes(StandardCharsets.UTF_8);
    long size = (long) data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_RECORD_BYTES) {
      throw new AuditUnavailableException(
          "the audit record of "
              + describe(event)
              + " is "
              + size
              + " bytes (JSON plus partition key); a"
              + " Kinesis record takes at most "
              + MAX_RECORD_BYTES
              + " bytes, and audit records are never"
              + " truncated, so the request fails",
          null);
    }
    return new KinesisAuditRecord(partitionKey, data);
  }

  /** The event's name and ids, for error messages (never its parameters). */
  static String describe(AuditEvent event) {
    return event.eventName()
        + " (requestID "
        + event.requestId()
        + ", eventID "
        + event.eventId()
        + ")";
  }

  private static String serialize(AuditEvent event) {
    try {
      return AuditEventJson.toJson(event);
    } catch (RuntimeException e) {
      throw new AuditUnavailableException(
          "cannot serialize the audit record of " + describe(event), e);
    }
  }
}
