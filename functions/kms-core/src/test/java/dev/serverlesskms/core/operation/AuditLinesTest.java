package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit records of real requests, as the sinks write them ({@link AuditEventJson}): one line
 * each, whatever the caller put in its strings, read back to the same strings.
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
