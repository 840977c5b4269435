package dev.serverlesskms.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_ARN =
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final Instant EVENT_TIME = Instant.parse("2026-11-23T05:45:03Z");
  private static final AuditEvent.UserIdentity ALICE =
      new AuditEvent.UserIdentity(
          "IAMUser",
          "AIDAEXAMPLE",
          "arn:aws:iam::111122223333:user/alice",
          "111122223333",
          "AKIAEXAMPLE",
          "kms.amazonaws.com");

  @Test
  void toJson_fullEvent_writesCloudTrailFieldsInOrder() throws Exception {
    JsonNode record = JSON.readTree(AuditEventJson.toJson(fullEvent()));

    assertThat(fieldNames(record))
        .containsExactly(
            "eventVersion",
            "userIdentity",
            "eventTime",
            "eventSource",
            "eventName",
            "awsRegion",
            "sourceIPAddress",
            "userAgent",
            "errorCode",
            "errorMessage",
            "requestParameters",
            "responseElements",
            "requestID",
            "eventID",
            "readOnly",
            "resources",
            "eventType",
            "managementEvent",
            "recipientAccountId",
            "eventCategory");
    assertThat(fieldNames(record.get("userIdentity")))
        .containsExactly("type", "principalId", "arn", "accountId", "accessKeyId", "invokedBy");
    assertThat(record.get("eventTime").asText()).isEqualTo("2026-11-23T05:45:03Z");
    assertThat(record.get("sourceIPAddress").asText()).isEqualTo("192.0.2.10");
    assertThat(record.get("requestID").asText()).isEqualTo("req-1");
    assertThat(record.get("eventID").asText()).isEqualTo("evt-1");
    assertThat(record.get("errorCode").asText()).isEqualTo("DisabledException");
    assertThat(record.get("readOnly").isBoolean()).isTrue();
    assertThat(record.get("readOnly").asBoolean()).isTrue();
    assertThat(record.get("managementEvent").asBoolean()).isTrue();
    assertThat(record.get("eventCategory").asText()).isEqualTo("Management");
    assertThat(record.get("recipientAccountId").asText()).isEqualTo("111122223333");
    assertThat(record.get("resources"))
        .isEqualTo(
            JSON.readTree(
                "[{\"accountId\":\"111122223333\",\"type\":\"AWS::KMS::Key\",\"ARN\":\""
                    + KEY_ARN
                    + "\"}]"));
  }

  @Test
  void toJson_minimalEvent_leavesOutNullFieldsAndEmptyResources() {
    AuditEvent minimal =
        new AuditEvent(
            null,
            Instant.parse("2026-11-23T05:45:03Z"),
            "ListKeys",
            null,
            null,
            "evt-2",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            null,
            null);

    assertThat(AuditEventJson.toJson(minimal))
        .isEqualTo(
            "{\"eventTime\":\"2026-11-23T05:45:03Z\",\"eventName\":\"ListKeys\",\"eventID\":\"evt-2\","
                + "\"readOnly\":true,\"managementEvent\":true,\"eventCategory\":\"Management\"}");
  }

  @Test
  void toJson_userIdentityOfAService_leavesOutItsNullFields() throws Exception {
    AuditEvent event =
        withIdentity(
            new AuditEvent.UserIdentity("AWSService", null, null, null, null, "kms.amazonaws.com"));

    JsonNode identity = JSON.readTree(AuditEventJson.toJson(event)).get("userIdentity");

    assertThat(identity)
        .isEqualTo(JSON.readTree("{\"type\":\"AWSService\",\"invokedBy\":\"kms.amazonaws.com\"}"));
  }

  @Test
  void toJson_eventTimeWithFraction_isWrittenToTheSecondInUtc() throws Exception {
    AuditEvent event = withTime(Instant.parse("2026-11-23T05:45:03.987654321Z"));

    assertThat(JSON.readTree(AuditEventJson.toJson(event)).get("eventTime").asText())
        .isEqualTo("2026-11-23T05:45:03Z");
  }

  @Test
  void toJson_nestedParameters_roundTripThroughAJsonParser() throws Exception {
    Map<String, Object> tag = new LinkedHashMap<>();
    tag.put("tagKey", "team");
    tag.put("tagValue", "payments");
    List<Object> mixed = new ArrayList<>(Arrays.asList(1, null, "two", false));
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("keyId", "alias/app");
    parameters.put("numberOfBytes", 64);
    parameters.put("big", 12345678901L);
    parameters.put("ratio", new BigDecimal("0.25"));
    parameters.put("dryRun", true);
    parameters.put("nothing", null);
    parameters.put("validTo", Instant.parse("2027-01-02T03:04:05.123Z"));
    parameters.put("tags", List.of(tag));
    parameters.put("mixed", mixed);
    parameters.put("encryptionContext", Map.of("purpose", Map.of("nested", List.of())));

    JsonNode written =
        JSON.readTree(AuditEventJson.toJson(withParameters(parameters))).get("requestParameters");

    assertThat(written)
        .isEqualTo(
            JSON.readTree(
                "{\"keyId\":\"alias/app\",\"numberOfBytes\":64,\"big\":12345678901,\"ratio\":0.25,"
                    + "\"dryRun\":true,\"nothing\":null,\"validTo\":\"2027-01-02T03:04:05.123Z\","
                    + "\"tags\":[{\"tagKey\":\"team\",\"tagValue\":\"payments\"}],"
                    + "\"mixed\":[1,null,\"two\",false],"
                    + "\"encryptionContext\":{\"purpose\":{\"nested\":[]}}}"));
  }

  @Test
  void toJson_everyControlCharacterQuoteAndBackslash_roundTripsAndStaysOneLine() throws Exception {
    StringBuilder nasty = new StringBuilder("quote\" backslash\\ slash/ é 😀 ");
    for (char c = 0; c < 0x20; c++) {
      nasty.append(c);
    }
    AuditEvent event = withParameters(Map.of("description", nasty.toString()));

    String line = AuditEventJson.toJson(event);

    assertThat(line)
        .doesNotContain("\n", "\r", "\t")
        .contains("\\u000a", "\\u0000", "\\u001f", "\\\"", "\\\\");
    assertThat(JSON.readTree(line).get("requestParameters").get("description").asText())
        .isEqualTo(nasty.toString());
  }

  @Test
  void toJson_unicodeLineBreaks_areEscaped_soNoLineReaderSplitsTheRecord() throws Exception {
    String breaks = "nel\u0085ls\u2028ps\u2029end";
    AuditEvent event =
        withParameters(
            Map.of("description", breaks, "encryptionContext", Map.of("k\u2028", breaks)));

    String line = AuditEventJson.toJson(event);

    assertThat(line)
        .doesNotContain("\u0085", "\u2028", "\u2029")
        .contains("nel\\u0085ls\\u2028ps\\u2029end", "\"k\\u2028\"");
    JsonNode parameters = JSON.readTree(line).get("requestParameters");
    assertThat(parameters.get("description").asText()).isEqualTo(breaks);
    assertThat(parameters.get("encryptionContext").get("k\u2028").asText()).isEqualTo(breaks);
  }

  @Test
  void toJson_parametersUpToTheLimit_areWrittenWhole() throws Exception {
    // {"description":"..."} is 18 bytes around the padding; é is two bytes.
    int room = AuditEventJson.MAX_FIELD_BYTES - 18;
    String atLimit = "\u00e9".repeat(room / 2) + "x".repeat(room % 2);
    AuditEvent event = withParameters(Map.of("description", atLimit));

    JsonNode parameters = JSON.readTree(AuditEventJson.toJson(event)).get("requestParameters");

    assertThat(JSON.writeValueAsBytes(parameters)).hasSize(AuditEventJson.MAX_FIELD_BYTES);
    assertThat(parameters.get("description").asText()).isEqualTo(atLimit);
  }

  @Test
  void toJson_parametersOverTheLimit_loseTheirLargestMembersFirst_markedWithTheirSize()
      throws Exception {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("keyId", KEY_ARN);
    parameters.put("encryptionContext", Map.of("k", "v".repeat(200_000)));
    parameters.put("description", "d".repeat(100_000));
    parameters.put("grantTokens", List.of("g".repeat(100_000)));
    AuditEvent event = withParameters(parameters);

    String line = AuditEventJson.toJson(event);

    JsonNode written = JSON.readTree(line).get("requestParameters");
    assertThat(fieldNames(written))
        .containsExactly("keyId", "encryptionContext", "description", "grantTokens");
    assertThat(written.get("keyId").asText()).isEqualTo(KEY_ARN);
    assertThat(written.get("encryptionContext").toString())
        .isEqualTo("{\"omitted\":true,\"bytes\":200008}");
    // Without the largest, the rest (about 200 KB) fits: it is kept whole.
    assertThat(written.get("description").asText()).hasSize(100_000);
    assertThat(written.get("grantTokens").get(0).asText()).hasSize(100_000);
    assertThat(JSON.writeValueAsBytes(written).length).isLessThan(AuditEventJson.MAX_FIELD_BYTES);
  }

  @Test
  void toJson_responseElementsOverTheLimit_areCappedToo_andNamesAloneTooLargeOmitTheWhole()
      throws Exception {
    Map<String, Object> hugeNames = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      hugeNames.put(i + "n".repeat(20_000), 1);
    }
    AuditEvent event =
        new AuditEvent(
            "1.08",
            EVENT_TIME,
            "Encrypt",
            "kms.amazonaws.com",
            "eu-west-1",
            "evt-1",
            "req-1",
            ALICE,
            null,
            null,
            hugeNames,
            Map.of("keyId", KEY_ARN, "big", "b".repeat(300_000)),
            null,
            null,
            List.of(),
            true,
            "AwsApiCall",
            "111122223333");

    JsonNode record = JSON.readTree(AuditEventJson.toJson(event));

    assertThat(record.get("requestParameters").get("omitted").asBoolean()).isTrue();
    assertThat(record.get("requestParameters").get("bytes").asLong()).isGreaterThan(400_000);
    assertThat(record.get("responseElements").get("keyId").asText()).isEqualTo(KEY_ARN);
    assertThat(record.get("responseElements").get("big").get("omitted").asBoolean()).isTrue();
  }

  @Test
  void toJson_unpairedSurrogate_isEscapedNotReplaced() {
    AuditEvent event = withParameters(Map.of("description", "a\uD800b"));

    assertThat(AuditEventJson.toJson(event)).contains("\"description\":\"a\\ud800b\"");
  }

  @Test
  void toJson_escapesEventFieldsAndMapKeys() throws Exception {
    AuditEvent event = withParameters(Map.of("we\"ird\nkey", "v"));

    JsonNode parameters = JSON.readTree(AuditEventJson.toJson(event)).get("requestParameters");

    assertThat(fieldNames(parameters)).containsExactly("we\"ird\nkey");
  }

  @Test
  void toJson_unsupportedValueType_throwsIllegalArgument() {
    AuditEvent event = withParameters(Map.of("plaintext", new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> AuditEventJson.toJson(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[B");
  }

  @Test
  void toJson_nonFiniteNumber_throwsIllegalArgument() {
    AuditEvent event = withParameters(Map.of("ratio", Double.NaN));

    assertThatThrownBy(() -> AuditEventJson.toJson(event))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toJson_nonStringMapKey_throwsIllegalArgument() {
    AuditEvent event = withParameters(Map.of("nested", Map.of(1, "one")));

    assertThatThrownBy(() -> AuditEventJson.toJson(event))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AuditEvent fullEvent() {
    return event(EVENT_TIME, ALICE, Map.of("keyId", KEY_ARN));
  }

  private static AuditEvent withParameters(Map<String, Object> parameters) {
    return event(EVENT_TIME, ALICE, parameters);
  }

  private static AuditEvent withIdentity(AuditEvent.UserIdentity identity) {
    return event(EVENT_TIME, identity, Map.of("keyId", KEY_ARN));
  }

  private static AuditEvent withTime(Instant eventTime) {
    return event(eventTime, ALICE, Map.of("keyId", KEY_ARN));
  }

  private static AuditEvent event(
      Instant eventTime, AuditEvent.UserIdentity identity, Map<String, Object> parameters) {
    return new AuditEvent(
        "1.08",
        eventTime,
        "Encrypt",
        "kms.amazonaws.com",
        "eu-west-1",
        "evt-1",
        "req-1",
        identity,
        "192.0.2.10",
        "aws-cli/2.15.0",
        parameters,
        Map.of("keyId", KEY_ARN),
        "DisabledException",
        KEY_ARN + " is disabled.",
        List.of(new AuditEvent.Resource("111122223333", "AWS::KMS::Key", KEY_ARN)),
        true,
        "AwsApiCall",
        "111122223333");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
