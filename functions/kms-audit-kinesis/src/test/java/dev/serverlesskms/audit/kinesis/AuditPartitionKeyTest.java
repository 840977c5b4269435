package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditPartitionKeyTest {

  @Test
  void isTheKeyIdOfTheFirstResource() {
    AuditEvent event =
        AuditEvents.event(
            "ReEncrypt",
            "req-1",
            List.of(
                AuditEvents.keyArn("1234abcd-12ab-34cd-56ef-1234567890ab"),
                AuditEvents.keyArn("other")),
            Map.of());

    assertThat(AuditPartitionKey.of(event)).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
  }

  @Test
  void isTheKeyIdOfAMultiRegionKey_inAnyPartition() {
    AuditEvent event =
        AuditEvents.event(
            "Encrypt",
            "req-1",
            List.of(
                "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"),
            Map.of());

    assertThat(AuditPartitionKey.of(event)).isEqualTo("mrk-1234abcd12ab34cd56ef1234567890ab");
  }

  @Test
  void isTheRequestId_whenTheEventTouchedNoKey() {
    assertThat(AuditPartitionKey.of(AuditEvents.generateRandom("req-42"))).isEqualTo("req-42");
  }

  @Test
  void isTheRequestId_whenTheFirstResourceIsNoKeyArn() {
    AuditEvent alias =
        AuditEvents.event(
            "CreateAlias",
            "req-7",
            List.of(
                "arn:aws:kms:us-east-1:111122223333:alias/key/looks-like-a-key",
                AuditEvents.keyArn("k")),
            Map.of());
    AuditEvent malformed =
        AuditEvents.event("Encrypt", "req-8", List.of("key/not-an-arn"), Map.of());
    AuditEvent emptyId =
        AuditEvents.event("Encrypt", "req-9", List.of(AuditEvents.keyArn("")), Map.of());

    assertThat(AuditPartitionKey.of(alias)).isEqualTo("req-7");
    assertThat(AuditPartitionKey.of(malformed)).isEqualTo("req-8");
    assertThat(AuditPartitionKey.of(emptyId)).isEqualTo("req-9");
  }

  @Test
  void isTheEventId_whenThereIsNoRequestId() {
    AuditEvent event = AuditEvents.generateRandom(null);
    AuditEvent blank = AuditEvents.generateRandom("  ");

    assertThat(AuditPartitionKey.of(event)).isEqualTo(event.eventId());
    assertThat(AuditPartitionKey.of(blank)).isEqualTo(blank.eventId());
  }

  @Test
  void takes256CodePoints_evenWhenThatIsMoreChars_butNotOneMore() {
    String emoji256 = "\ud83d\udd11".repeat(256);
    String ascii257 = "k".repeat(257);

    assertThat(
            AuditPartitionKey.of(
                AuditEvents.event("Encrypt", "r", List.of(AuditEvents.keyArn(emoji256)), Map.of())))
        .isEqualTo(emoji256);
    assertThat(
            AuditPartitionKey.of(
                AuditEvents.event("Encrypt", "r", List.of(AuditEvents.keyArn(ascii257)), Map.of())))
        .isEqualTo("r");
  }

  @Test
  void failsClosed_whenNoCandidateFits() {
    AuditEvent event =
        new AuditEvent(
            "1.08",
            Instant.EPOCH,
            "Encrypt",
            null,
            null,
            "",
            "r".repeat(300),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            false,
            null,
            null);

    assertThatThrownBy(() -> AuditPartitionKey.of(event))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("Encrypt")
        .hasMessageContaining("partition key");
  }
}
