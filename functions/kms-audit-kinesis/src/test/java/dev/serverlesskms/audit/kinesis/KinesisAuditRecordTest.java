package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisAuditRecordTest {

  @Test
  void dataIsTheJsonLine_inUtf8_withoutATerminator() {
    AuditEvent event = AuditEvents.encrypt("k-1");

    KinesisAuditRecord record = KinesisAuditRecord.of(event);

    assertThat(record.data())
        .isEqualTo(AuditEventJson.toJson(event).getBytes(StandardCharsets.UTF_8));
    assertThat(new String(record.data(), StandardCharsets.UTF_8))
        .contains("\u00e9t\u00e9 \ud83d\udd11")
        .doesNotEndWith("\n");
    assertThat(record.partitionKey()).isEqualTo("k-1");
  }

  @Test
  void takesARecordOfExactlyTheLimit() {
    KinesisAuditRecord record =
        KinesisAuditRecord.of(SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES));

    assertThat(record.data().length + record.partitionKey().length()).isEqualTo(1024 * 1024);
  }

  @Test
  void refusesARecordOneByteOver_countingThePartitionKey_andSaysWhy() {
    AuditEvent event = SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES + 1);

    assertThatThrownBy(() -> KinesisAuditRecord.of(event))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("Encrypt")
        .hasMessageContaining(event.eventId())
        .hasMessageContaining("1048577 bytes")
        .hasMessageContaining("at most 1048576")
        .hasMessageContaining("never truncated");
  }

  @Test
  void countsUtf8Bytes_notChars() {
    AuditEvent ascii = SizedEvents.ofRecordBytes(KinesisAuditRecord.MAX_RECORD_BYTES - 1);
    String userAgent = ascii.userAgent();
    // One 'x' becomes a euro sign: one char still, but three bytes in UTF-8, so 2 bytes more.
    AuditEvent euro =
        SizedEvents.withUserAgent(ascii, userAgent.substring(0, userAgent.length() - 1) + "\u20ac");

    assertThat(KinesisAuditRecord.of(ascii).data())
        .hasSize(KinesisAuditRecord.MAX_RECORD_BYTES - 1 - SizedEvents.KEY_ID.length());
    assertThatThrownBy(() -> KinesisAuditRecord.of(euro))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("1048577 bytes");
  }

  @Test
  void anEventThatCannotBeSerialized_failsClosed() {
    AuditEvent event =
        AuditEvents.event("Encrypt", "req-1", List.of(), Map.of("keyId", new Object()));

    assertThatThrownBy(() -> KinesisAuditRecord.of(event))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("cannot serialize")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }
}
