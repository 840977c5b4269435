package dev.serverlesskms.audit.kinesis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * A {@link KinesisClient} whose PutRecord answers as scripted, and which keeps the requests it got:
 * for the answers an emulator does not give (no sequence number, throttling). Every other operation
 * throws {@link UnsupportedOperationException}, as the interface's defaults do.
 */
final class ScriptedKinesis implements KinesisClient {
  private final Function<PutRecordRequest, PutRecordResponse> answer;
  private final List<PutRecordRequest> requests = new CopyOnWriteArrayList<>();

  ScriptedKinesis(Function<PutRecordRequest, PutRecordResponse> answer) {
    this.answer = answer;
  }

  /** Answers every put with sequence number {@code sequenceNumber} (may be null or blank). */
  static ScriptedKinesis answering(String sequenceNumber) {
    return new ScriptedKinesis(
        request ->
            PutRecordResponse.builder()
                .shardId("shardId-000000000000")
                .sequenceNumber(sequenceNumber)
                .build());
  }

  /** Throws {@code failure} on every put. */
  static ScriptedKinesis throwing(RuntimeException failure) {
    return new ScriptedKinesis(
        request -> {
          throw failure;
        });
  }

  List<PutRecordRequest> requests() {
    return requests;
  }

  @Override
  public PutRecordResponse putRecord(PutRecordRequest request) {
    requests.add(request);
    return answer.apply(request);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
