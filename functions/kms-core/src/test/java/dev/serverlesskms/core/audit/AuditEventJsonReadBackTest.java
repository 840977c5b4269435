package dev.serverlesskms.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AuditEventJson#fromJson}: the outbox keeps records as the lines the sinks write, and a
 * record read back must write the very same line, or a record delivered late would differ from the
 * one committed.
 */
class AuditEventJsonReadBackTest {
  private static final Instant TIME = Instant.parse("2026-11-23T05:45:03.123456789Z");

  @Test
  void fullEvent_readBack_writesTheSameLine() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("keyId", "1234abcd-12ab-34cd-56ef-1234567890ab");
    parameters.put("pendingWindowInDays", 7);
    parameters.put("numberOfBytes", 1024L);
    parameters.put("ratio", 0.5);
    parameters.put("validTo", Instant.parse("2027-01-01T00:00:00.5Z"));
    parameters.put("keySpec", Thread.State.NEW);
    parameters.put("tags", List.of(Map.of("tagKey", "a", "tagValue", "\u2028\"\\\n")));
    parameters.put("grantTokens", Arrays.asList("x", null));
    parameters.put("flag", true);
    parameters.put("nothing", null);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("keyMetadata", Map.of("keyState", "Enabled", "enabled", true));
    AuditEvent event =
        new AuditEvent(
            "1.08",
            TIME,
            "ScheduleKeyDeletion",
            "kms.amazonaws.com",
            "eu-west-1",
            "5d1b0e3c-8c4f-4b4a-9a53-1b1d2f4e6a77",
            "req-1",
            new AuditEvent.UserIdentity(
                "IAMUser",
                "AIDA",
                "arn:aws:iam::111122223333:user/alice",
                "111122223333",
                "AKIA",
                null),
            "192.0.2.10",
            "aws-cli/2 na\u00efve \ud800",
            parameters,
            response,
            "KMSInvalidStateException",
            "key is pending deletion",
            List.of(
                new AuditEvent.Resource(
                    "111122223333",
                    "AWS::KMS::Key",
                    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
            false,
            "AwsApiCall",
            "111122223333",
            AuditEvent.UNAUTHENTICATED);
    String line = AuditEventJson.toJson(event);

    AuditEvent read = AuditEventJson.fromJson(line);

    assertThat(AuditEventJson.toJson(read)).isEqualTo(line);
    assertThat(read.eventTime()).isEqualTo(Instant.parse("2026-11-23T05:45:03Z"));
    assertThat(read.eventId()).isEqualTo(event.eventId());
    assertThat(read.userIdentity()).isEqualTo(event.userIdentity());
    assertThat(read.resources()).isEqualTo(event.resources());
    assertThat(read.requestParameters().get("pendingWindowInDays")).isEqualTo(7L);
    assertThat(read.requestParameters().get("keySpec")).isEqualTo("NEW");
    assertThat(read.requestParameters()).containsKey("nothing");
    assertThat(read.userAgent()).isEqualTo(event.userAgent());
    assertThat(read.additionalEventData()).isEqualTo(AuditEvent.UNAUTHENTICATED);
  }

  @Test
  void minimalEvent_readBack_writesTheSameLine() {
    AuditEvent event =
        new AuditEvent(
            null,
            TIME,
            "ListKeys",
            null,
            null,
            "id-1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            true,
            null,
            null);
    String line = AuditEventJson.toJson(event);

    AuditEvent read = AuditEventJson.fromJson(line);

    assertThat(AuditEventJson.toJson(read)).isEqualTo(line);
    assertThat(read.userIdentity()).isNull();
    assertThat(read.requestParameters()).isNull();
    assertThat(read.resources()).isEmpty();
    assertThat(read.readOnly()).isTrue();
  }

  @Test
  void outboxRecord_ofAnEvent_keepsItsLineAndSortsByTime() {
    AuditEvent earlier =
        new AuditEvent(
            null, TIME, "A", null, null, "zzz", null, null, null, null, null, null, null, null,
            null, false, null, null);
    AuditEvent later =
        new AuditEvent(
            null,
            TIME.plusMillis(1),
            "B",
            null,
            null,
            "aaa",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null);

    OutboxRecord first = OutboxRecord.of(earlier);
    OutboxRecord second = OutboxRecord.of(later);

    assertThat(first.id()).isEqualTo("1795412703123#zzz");
    assertThat(first.id()).isLessThan(second.id());
    assertThat(first.json()).isEqualTo(AuditEventJson.toJson(earlier));
    assertThat(first.event()).isSameAs(earlier);
    OutboxRecord stored = OutboxRecord.stored(first.id(), first.json());
    assertThat(stored).isEqualTo(first);
    assertThat(AuditEventJson.toJson(stored.event())).isEqualTo(first.json());
    assertThat(stored.toString()).isEqualTo("OutboxRecord[1795412703123#zzz]").doesNotContain("A");
  }

  @Test
  void fromJson_notAnAuditLine_throwsIllegalArgument() {
    for (String bad :
        List.of(
            "[]",
            "{\"eventName\":\"X\",\"eventID\":\"1\",\"readOnly\":true}",
            "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventID\":\"1\",\"readOnly\":true}",
            "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventName\":\"X\",\"eventID\":\"1\"}",
            "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventName\":7,\"eventID\":\"1\","
                + "\"readOnly\":true}",
            "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventName\":\"X\",\"eventID\":\"1\","
                + "\"readOnly\":true,\"resources\":[1]}",
            "{\"eventTime\":\"yesterday\",\"eventName\":\"X\",\"eventID\":\"1\","
                + "\"readOnly\":true}",
            "not json")) {
      assertThatThrownBy(() -> AuditEventJson.fromJson(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
