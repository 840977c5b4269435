package dev.serverlesskms.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors of the outbox's stored format ({@code docs/audit-outbox.md}): records committed by
 * one version are delivered by the next, so the id and the line must not drift.
 */
class OutboxRecordFormatTest {
  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/" + KEY_ID;

  static final String GOLDEN_ID = "1795412703123#5d1b0e3c-8c4f-4b4a-9a53-1b1d2f4e6a77";
  static final String GOLDEN_RECORD =
      "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\","
          + "\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\","
          + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLE\"},"
          + "\"eventTime\":\"2026-11-23T05:45:03Z\",\"eventSource\":\"kms.amazonaws.com\","
          + "\"eventName\":\"DisableKey\",\"awsRegion\":\"eu-west-1\","
          + "\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":\"aws-cli/2.9.19\","
          + "\"requestParameters\":{\"keyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\"},"
          + "\"requestID\":\"req-1\",\"eventID\":\"5d1b0e3c-8c4f-4b4a-9a53-1b1d2f4e6a77\","
          + "\"readOnly\":false,\"resources\":[{\"accountId\":\"111122223333\","
          + "\"type\":\"AWS::KMS::Key\","
          + "\"ARN\":\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}],"
          + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
          + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";

  private static AuditEvent disableKey() {
    return new AuditEvent(
        "1.08",
        Instant.parse("2026-11-23T05:45:03.123Z"),
        "DisableKey",
        "kms.amazonaws.com",
        "eu-west-1",
        "5d1b0e3c-8c4f-4b4a-9a53-1b1d2f4e6a77",
        "req-1",
        new AuditEvent.UserIdentity(
            "Root",
            "111122223333",
            "arn:aws:iam::111122223333:root",
            "111122223333",
            "AKIAEXAMPLE",
            null),
        "192.0.2.10",
        "aws-cli/2.9.19",
        Map.of("keyId", KEY_ID),
        null,
        null,
        null,
        List.of(new AuditEvent.Resource("111122223333", "AWS::KMS::Key", KEY_ARN)),
        false,
        "AwsApiCall",
        "111122223333");
  }

  @Test
  void anEvent_isStoredAsTheGoldenIdAndLine() {
    OutboxRecord record = OutboxRecord.of(disableKey());

    assertThat(record.id()).isEqualTo(GOLDEN_ID);
    assertThat(record.json()).isEqualTo(GOLDEN_RECORD);
  }

  @Test
  void theGoldenStoredRecord_readsBackAsItsEvent_andWritesTheSameLine() {
    AuditEvent read = OutboxRecord.stored(GOLDEN_ID, GOLDEN_RECORD).event();

    assertThat(read.eventName()).isEqualTo("DisableKey");
    assertThat(read.eventId()).isEqualTo("5d1b0e3c-8c4f-4b4a-9a53-1b1d2f4e6a77");
    assertThat(read.eventTime()).isEqualTo(Instant.parse("2026-11-23T05:45:03Z"));
    assertThat(read.requestParameters()).isEqualTo(Map.of("keyId", KEY_ID));
    assertThat(read.resources()).extracting(AuditEvent.Resource::arn).containsExactly(KEY_ARN);
    assertThat(read.userIdentity().accessKeyId()).isEqualTo("AKIAEXAMPLE");
    assertThat(read.readOnly()).isFalse();
    assertThat(AuditEventJson.toJson(read)).isEqualTo(GOLDEN_RECORD);
  }
}
