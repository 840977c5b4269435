package dev.serverlesskms.functions.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.serverlesskms.core.api.EncryptRequest;
import java.nio.charset.StandardCharsets;
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
}
