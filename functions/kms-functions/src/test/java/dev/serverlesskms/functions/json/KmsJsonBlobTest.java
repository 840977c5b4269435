package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.serverlesskms.core.api.EncryptRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blob members: base64 in, base64 out, and a bad value never quoted back. */
class KmsJsonBlobTest {
  private static final ObjectMapper JSON = KmsJson.newMapper();

  @Test
  void base64Blob_readsAsItsBytes_andWritesBack() throws Exception {
    EncryptRequest request =
        JSON.readValue("{\"KeyId\":\"k\",\"Plaintext\":\"aGVsbG8=\"}", EncryptRequest.class);

    assertThat(new String(request.plaintext(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(JSON.writeValueAsString(request)).contains("\"Plaintext\":\"aGVsbG8=\"");
  }

  @Test
  void nullBlob_isAbsent() throws Exception {
    assertThat(
            JSON.readValue("{\"KeyId\":\"k\",\"Plaintext\":null}", EncryptRequest.class)
                .plaintext())
        .isNull();
  }

  @Test
  void valueThatIsNotBase64_failsNamingTheMember_withoutTheValue() {
    InvalidFormatException failure =
        catchThrowableOfType(
            InvalidFormatException.class,
            () ->
                JSON.readValue(
                    "{\"KeyId\":\"k\",\"Plaintext\":\"s3cr3t-n0t-base64!\"}",
                    EncryptRequest.class));

    assertThat(failure.getMessage()).doesNotContain("s3cr3t").contains("\"Plaintext\"");
    assertThat(failure.getValue()).isNull();
    assertThat(failure.getCause()).isNull();
  }

  @Test
  void blobOfAnotherJsonType_isAMismatch() {
    assertThat(
            catchThrowableOfType(
                MismatchedInputException.class,
                () ->
                    JSON.readValue("{\"KeyId\":\"k\",\"Plaintext\":[1,2]}", EncryptRequest.class)))
        .isNotNull();
  }

  @Test
  void largeBlob_readsAsItsBytes() throws Exception {
    byte[] plaintext = new byte[4096];
    new Random(4096).nextBytes(plaintext);
    String json =
        "{\"KeyId\":\"k\",\"Plaintext\":\"" + Base64.getEncoder().encodeToString(plaintext) + "\"}";

    assertThat(JSON.readValue(json, EncryptRequest.class).plaintext()).isEqualTo(plaintext);
  }

  /**
   * The JDK's fast path for padded standard base64 and Jackson's decoder for the rest accept and
   * refuse exactly what Jackson's decoder alone does, value by value: padding present or missing,
   * whitespace, the URL-safe alphabet, non-ASCII and JSON escapes.
   */
  @Test
  void acceptsAndRefusesWhatJacksonsDecoderDoes() throws Exception {
    Random random = new Random(20261204);
    for (int n = 0; n < 20_000; n++) {
      String value = BlobValues.next(random);
      String quoted = BlobValues.quoted(value);
      String outcome =
          BlobValues.outcome(
              () ->
                  JSON.readValue(
                          "{\"KeyId\":\"k\",\"Plaintext\":\"" + quoted + "\"}",
                          EncryptRequest.class)
                      .plaintext());
      String jacksons = BlobValues.outcome(() -> jacksonDecoder("\"" + quoted + "\""));
      assertThat(outcome).as("value <%s>", value).isEqualTo(jacksons);
    }
  }

  private static byte[] jacksonDecoder(String jsonString) throws Exception {
    try (JsonParser parser =
        JSON.getFactory().createParser(jsonString.getBytes(StandardCharsets.UTF_8))) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
      return parser.getBinaryValue(JSON.getDeserializationConfig().getBase64Variant());
    }
  }
}
