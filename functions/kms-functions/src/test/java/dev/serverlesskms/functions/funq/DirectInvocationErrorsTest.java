package dev.serverlesskms.functions.funq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.functions.lambda.LambdaBinding;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aws lambda invoke} of a function that fails reports the AWS error type as {@code
 * errorType}, not Funqy's ApplicationException: the Encrypt function, invoked through the Lambda
 * mock event server (Quarkus' Lambda runtime loop, as on the native runtime), for errors of the
 * operation and of its input.
 */
@QuarkusTest
class DirectInvocationErrorsTest {
  private static final String MOCK_EVENT_SERVER_PORT = "quarkus.lambda.mock-event-server.test-port";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Inject Kms kms;
  @Inject DirectInvocation invocation;
  @Inject ObjectMapper mapper;

  /**
   * One exported function, as a deployed Lambda, in the application every test shares (no test
   * profile, so no second Quarkus build); the build puts the mock event server on a free port.
   */
  @BeforeEach
  void exportEncrypt() {
    LambdaBinding.export("Encrypt");
  }

  @Test
  void unknownKey_isNotFoundException() {
    String keyId = UUID.randomUUID().toString();

    JsonNode error = invokeFailing(encrypt(keyId, "aGVsbG8="));

    assertThat(error.get("errorType").asText()).isEqualTo("NotFoundException");
    assertThat(error.get("errorMessage").asText()).contains(keyId).contains("does not exist");
  }

  @Test
  void disabledKey_isDisabledException() throws IOException {
    String keyId = newKey();
    kms.invoke(
        kms.disableKey,
        read("{\"KeyId\":\"" + keyId + "\"}", DisableKeyRequest.class),
        invocation.context());

    JsonNode error = invokeFailing(encrypt(keyId, "aGVsbG8="));

    assertThat(error.get("errorType").asText()).isEqualTo("DisabledException");
    assertThat(error.get("errorMessage").asText()).contains(keyId).contains("is disabled");
  }

  @Test
  void keyPendingDeletion_isKmsInvalidStateException() throws IOException {
    String keyId = newKey();
    kms.invoke(
        kms.scheduleKeyDeletion,
        read(
            "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":7}",
            ScheduleKeyDeletionRequest.class),
        invocation.context());

    JsonNode error = invokeFailing(encrypt(keyId, "aGVsbG8="));

    assertThat(error.get("errorType").asText()).isEqualTo("KMSInvalidStateException");
    assertThat(error.get("errorMessage").asText()).contains("pending deletion");
  }

  @Test
  void missingKeyId_isValidationException() {
    JsonNode error = invokeFailing("{\"Plaintext\":\"aGVsbG8=\"}");

    assertThat(error.get("errorType").asText()).isEqualTo("ValidationException");
    assertThat(error.get("errorMessage").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint:"
                + " Member must not be null");
  }

  @Test
  void enumValueOutsideItsSet_isValidationException() throws IOException {
    String keyId = newKey();

    JsonNode error =
        invokeFailing(
            "{\"KeyId\":\""
                + keyId
                + "\",\"Plaintext\":\"aGVsbG8=\",\"EncryptionAlgorithm\":\"ROT13\"}");

    assertThat(error.get("errorType").asText()).isEqualTo("ValidationException");
    assertThat(error.get("errorMessage").asText())
        .contains("'encryptionAlgorithm'")
        .contains("Member must satisfy enum value set");
  }

  @Test
  void plaintextThatIsNotBase64_isSerializationException_withoutEchoingIt() throws IOException {
    String keyId = newKey();

    JsonNode error = invokeFailing(encrypt(keyId, "s3cr3t-n0t-base64!"));

    assertThat(error.get("errorType").asText()).isEqualTo("SerializationException");
    assertThat(error.get("errorMessage").asText())
        .isEqualTo("The value of 'Plaintext' is not valid for its type.");
    assertThat(error.toString()).doesNotContain("s3cr3t");
  }

  // ------------------------------------------------------------------ helpers

  private String newKey() throws IOException {
    return kms.invoke(
            kms.createKey,
            read("{\"Description\":\"direct invocation errors\"}", CreateKeyRequest.class),
            invocation.context())
        .keyMetadata()
        .keyId();
  }

  private <T> T read(String json, Class<T> type) throws IOException {
    return mapper.readValue(json, type);
  }

  private static String encrypt(String keyId, String plaintextBase64) {
    return "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintextBase64 + "\"}";
  }

  /** Invokes the function with {@code event}; the invocation must fail (mock server: 500). */
  private JsonNode invokeFailing(String event) {
    int port = ConfigProvider.getConfig().getValue(MOCK_EVENT_SERVER_PORT, Integer.class);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("invoking through the mock event server failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
