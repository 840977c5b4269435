package dev.serverlesskms.audit.kinesis;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * The {@link AuditSink} of the AWS deployment: puts each audit record on a Kinesis data stream with
 * one {@code PutRecord} call, before the request it describes returns (CloudTrail-shaped JSON, one
 * record per request; see {@link KinesisAuditRecord} for the data and {@link AuditPartitionKey} for
 * the key).
 *
 * <p>Fail-closed, like Vault/OpenBao audit devices: {@link #record} returns only once Kinesis has
 * acknowledged the record with a sequence number. Anything else (an exception from the SDK,
 * throttling that outlasted the client's retries, a missing stream, an unreachable endpoint, an
 * acknowledgement without a sequence number, a record too large for Kinesis) throws {@link
 * AuditUnavailableException}, so the request fails and returns no cryptographic result. Retries are
 * the {@link KinesisClient}'s business ({@link KinesisAuditClients} configures them); this class
 * puts each record once. A retry after a lost acknowledgement can store a record twice, so
 * consumers de-duplicate by {@code eventID}: a duplicate is harmless, a missing record is not.
 *
 * <p>Thread-safe: it holds no mutable state, and {@link KinesisClient} is thread-safe. The client
 * belongs to the caller, who closes it.
 */
public final class KinesisAuditSink implements AuditSink {
  /** Kinesis' rule for stream names. */
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  private final KinesisClient kinesis;
  private final String streamName;

  /**
   * A sink that writes to {@code streamName} through {@code kinesis}.
   *
   * @param kinesis the client, e.g. from {@link KinesisAuditClients#create}; not closed by this
   *     sink
   * @param streamName the data stream's name (not its ARN)
   * @throws IllegalArgumentException if {@code streamName} is not a valid Kinesis stream name, so
   *     that a misconfiguration fails at start-up rather than on every request
   */
  public KinesisAuditSink(KinesisClient kinesis, String streamName) {
    this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
    Objects.requireNonNull(streamName, "streamName");
    if (!STREAM_NAME.matcher(streamName).matches()) {
      throw new IllegalArgumentException(
          "not a Kinesis stream name (1 to 128 of a-z A-Z 0-9 _ . -): '" + streamName + "'");
    }
    this.streamName = streamName;
  }

  @Override
  public void record(AuditEvent event) {
    KinesisAuditRecord record = KinesisAuditRecord.of(event);
    PutRecordResponse response;
    try {
      response =
          kinesis.putRecord(
              put ->
                  put.streamName(streamName)
                      .partitionKey(record.partitionKey())
                      .data(SdkBytes.fromByteArrayUnsafe(record.data())));
    } catch (RuntimeException e) {
      throw new AuditUnavailableException(
          "Kinesis stream "
              + streamName
              + " did not take the audit record of "
              + KinesisAuditRecord.describe(event)
              + ": "
              + e.getMessage(),
          e);
    }
    if (response == null
        || response.sequenceNumber() == null
        || response.sequenceNumber().isBlank()) {
      throw new AuditUnavailableException(
          "Kinesis stream "
              + streamName
              + " answered the audit record of "
              + KinesisAuditRecord.describe(event)
              + " without a sequence number; it is not known to be stored",
          null);
    }
  }

  @Override
  public String toString() {
    return "KinesisAuditSink[" + streamName + "]";
  }
}
