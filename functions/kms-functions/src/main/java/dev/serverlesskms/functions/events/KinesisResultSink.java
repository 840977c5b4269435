package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * Publishes results of event-triggered encryption to a Kinesis stream, one record per result, keyed
 * by the request's correlation id so a requester's results stay in order.
 */
public final class KinesisResultSink implements EncryptionResultSink {
  private final KinesisClient kinesis;
  private final String streamName;
  private final ObjectMapper mapper;

  public KinesisResultSink(KinesisClient kinesis, String streamName, ObjectMapper mapper) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.mapper = mapper;
  }

  @Override
  public void publish(EncryptionResult result) {
    byte[] data;
    try {
      data = mapper.writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an encryption result could not be written", e);
    }
    String partitionKey =
        result.correlationId() == null || result.correlationId().isEmpty()
            ? "uncorrelated"
            : result.correlationId();
    PutRecordResponse response =
        kinesis.putRecord(
            r ->
                r.streamName(streamName)
                    .partitionKey(
                        partitionKey.length() > 256 ? partitionKey.substring(0, 256) : partitionKey)
                    .data(SdkBytes.fromByteArray(data)));
    if (response.sequenceNumber() == null) {
      throw new IllegalStateException("the results stream did not take the record");
    }
  }
}
