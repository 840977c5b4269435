package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** The sink's contract with its client, for answers an emulator does not give. */
class KinesisAuditSinkTest {

  @Test
  void putsTheJsonLine_onTheStream_underTheKeyId() {
    ScriptedKinesis kinesis =
        ScriptedKinesis.answering("49590338271490256608559692538361571095921575989136588898");
    AuditEvent event = AuditEvents.encrypt("k-1");

    new KinesisAuditSink(kinesis, "kms-audit").record(event);

    assertThat(kinesis.requests())
        .singleElement()
        .satisfies(
            put -> {
              assertThat(put.streamName()).isEqualTo("kms-audit");
              assertThat(put.partitionKey()).isEqualTo("k-1");
              assertThat(put.data().asString(StandardCharsets.UTF_8))
                  .isEqualTo(AuditEventJson.toJson(event));
              assertThat(put.explicitHashKey()).isNull();
            });
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " "})
  void anAnswerWithoutASequenceNumber_failsClosed(String sequenceNumber) {
    KinesisAuditSink sink =
        new KinesisAuditSink(ScriptedKinesis.answering(sequenceNumber), "kms-audit");

    assertThatThrownBy(() -> sink.record(AuditEvents.encrypt("k-1")))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("without a sequence number")
        .hasMessageContaining("kms-audit");
  }

  @Test
  void throttlingThatOutlastedTheRetries_failsClosed() {
    ProvisionedThroughputExceededException throttled =
        ProvisionedThroughputExceededException.builder().message("Rate exceeded for shard").build();
    KinesisAuditSink sink = new KinesisAuditSink(ScriptedKinesis.throwing(throttled), "kms-audit");
    AuditEvent event = AuditEvents.encrypt("k-1");

    assertThatThrownBy(() -> sink.record(event))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("kms-audit")
        .hasMessageContaining(event.requestId())
        .hasMessageContaining("Rate exceeded for shard")
        .hasCause(throttled);
  }

  @Test
  void anyOtherFailure_failsClosed() {
    for (RuntimeException failure :
        new RuntimeException[] {
          SdkClientException.create("Unable to execute HTTP request: Connection refused"),
          KinesisException.builder().message("AccessDenied").statusCode(403).build(),
          new IllegalStateException("connection pool shut down")
        }) {
      KinesisAuditSink sink = new KinesisAuditSink(ScriptedKinesis.throwing(failure), "kms-audit");

      assertThatThrownBy(() -> sink.record(AuditEvents.encrypt("k-1")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasCause(failure);
    }
  }

  @Test
  void aRecordTooLargeForKinesis_failsClosed_withoutACall() {
    ScriptedKinesis kinesis = ScriptedKinesis.answering("1");
    KinesisAuditSink sink = new KinesisAuditSink(kinesis, "kms-audit");

    assertThatThrownBy(
            () -> sink.record(SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES + 1)))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(kinesis.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "has space", "arn:aws:kinesis:us-east-1:111122223333:stream/kms-audit", "x/y"})
  void refusesAnInvalidStreamName_atConstruction(String streamName) {
    assertThatThrownBy(() -> new KinesisAuditSink(ScriptedKinesis.answering("1"), streamName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stream name");
  }

  @Test
  void takesValidStreamNames_andRefusesNulls() {
    assertThatCode(() -> new KinesisAuditSink(ScriptedKinesis.answering("1"), "kms_audit-1.prod"))
        .doesNotThrowAnyException();
    assertThatCode(() -> new KinesisAuditSink(ScriptedKinesis.answering("1"), "s".repeat(128)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new KinesisAuditSink(ScriptedKinesis.answering("1"), "s".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KinesisAuditSink(null, "kms-audit"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new KinesisAuditSink(ScriptedKinesis.answering("1"), null))
        .isInstanceOf(NullPointerException.class);
  }
}
