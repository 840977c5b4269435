package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.Tags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit records of real requests, as the sinks write them ({@link AuditEventJson}): one line
 * each, whatever the caller put in its strings, read back to the same strings; the largest legal
 * request whole, an illegal one of megabytes with its oversized member left out and marked.
 */
class AuditLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every line break some reader splits on: JSON lines, JavaScript, Python's splitlines. */
  private static final Pattern ANY_LINE_BREAK =
      Pattern.compile("[\\n\\r\\u000b\\u000c\\u001c\\u001d\\u001e\\u0085\\u2028\\u2029]");

  private static final String BREAKS = "a\u0085b\u2028c\u2029d\ne\rf";

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  @Test
  void unicodeLineBreaksInDescriptionTagsAndEncryptionContext_stayInOneLine_andReadBack()
      throws Exception {
    String keyId =
        f.createKey(createKey().description(BREAKS).tags(List.of(tag("t\u2028", BREAKS))));
    f.encrypt(keyId, KmsFixture.utf8("x"), Map.of("ctx\u2029", BREAKS));

    JsonNode create = readBack(event("CreateKey")).get("requestParameters");
    assertThat(create.get("description").asText()).isEqualTo(BREAKS);
    assertThat(create.get("tags").get(0).get("tagKey").asText()).isEqualTo("t\u2028");
    assertThat(create.get("tags").get(0).get("tagValue").asText()).isEqualTo(BREAKS);
    JsonNode encrypt = readBack(event("Encrypt")).get("requestParameters");
    assertThat(encrypt.get("encryptionContext").get("ctx\u2029").asText()).isEqualTo(BREAKS);
  }

  @Test
  void theLargestLegalRequest_isRecordedWhole_farUnderAKinesisRecord() throws Exception {
    // Every character a control character: six bytes each once escaped.
    String description = "\u0001".repeat(8192);
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < Tags.MAX_PER_KEY; i++) {
      String n = String.format("%02d", i);
      tags.add(tag(n + "\u0002".repeat(126), "\u0003".repeat(256)));
    }

    f.createKey(createKey().description(description).tags(tags));

    AuditEvent created = event("CreateKey");
    String line = AuditEventJson.toJson(created);
    assertThat(utf8(line)).isBetween(150_000, AuditEventJson.MAX_FIELD_BYTES + 4096);
    assertThat(line).doesNotContain("\"omitted\"");
    JsonNode parameters = readBack(created).get("requestParameters");
    assertThat(parameters.get("description").asText()).isEqualTo(description);
    assertThat(parameters.get("tags")).hasSize(Tags.MAX_PER_KEY);
    assertThat(parameters.get("tags").get(49).get("tagValue").asText())
        .isEqualTo("\u0003".repeat(256));
  }

  @Test
  void anIllegalRequestOfMegabytes_isRecordedWithItsOversizedMemberOmitted_andStillSaysWhatItWas()
      throws Exception {
    String keyId = f.createKey();
    String description = "\u0001".repeat(2 * 1024 * 1024);

    f.error(
        KmsErrorType.VALIDATION,
        kms.updateKeyDescription,
        Requests.updateKeyDescription(keyId, description));

    AuditEvent refused = f.lastAudit();
    String line = AuditEventJson.toJson(refused);
    assertThat(utf8(line)).isLessThan(AuditEventJson.MAX_FIELD_BYTES);
    JsonNode record = readBack(refused);
    assertThat(record.get("eventName").asText()).isEqualTo("UpdateKeyDescription");
    assertThat(record.get("errorCode").asText()).isEqualTo("ValidationException");
    JsonNode parameters = record.get("requestParameters");
    assertThat(parameters.get("keyId").asText()).isEqualTo(keyId);
    assertThat(parameters.get("description").get("omitted").asBoolean()).isTrue();
    assertThat(parameters.get("description").get("bytes").asLong())
        .isEqualTo(2L + 6 * description.length());
  }

  private static int utf8(String line) {
    return line.getBytes(StandardCharsets.UTF_8).length;
  }

  private AuditEvent event(String name) {
    return f.audit().stream().filter(e -> e.eventName().equals(name)).findFirst().orElseThrow();
  }

  /** The record as one line, parsed back. */
  private static JsonNode readBack(AuditEvent event) throws Exception {
    String line = AuditEventJson.toJson(event);
    assertThat(ANY_LINE_BREAK.matcher(line).find()).as("a line break in %s", line).isFalse();
    return JSON.readTree(line);
  }
}
