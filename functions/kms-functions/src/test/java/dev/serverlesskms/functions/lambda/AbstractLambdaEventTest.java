package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Invokes the one Funqy function a test profile exports with a sample event of {@code events/},
 * through the Quarkus Lambda mock event server, as {@code sam local invoke -e events/<file>} would.
 * What an event refers to (keys, {@code alias/example}, ciphertexts) is set up beforehand through
 * the AWS SDK against the KMS wire endpoint the same application serves, and the event's
 * placeholders are replaced with the real values (see events/README.md).
 */
abstract class AbstractLambdaEventTest {
  /** The key id placeholder of the sample events: AWS's documented example key id. */
  static final String EXAMPLE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  static final String EXAMPLE_CIPHERTEXT =
      "REPLACE+ME+with+the+CiphertextBlob+of+an+Encrypt+call+++";
  static final String EXAMPLE_IMPORT_TOKEN =
      "REPLACE+ME+with+the+ImportToken+from+GetParametersForImport+";
  static final String EXAMPLE_KEY_MATERIAL =
      "REPLACE+ME+with+the+EncryptedKeyMaterial+wrapped+with+the+PublicKey+";
  static final String ALIAS = "alias/example";

  /** The encryption context of the crypto sample events. */
  static final Map<String, String> EXAMPLE_CONTEXT = Map.of("Purpose", "example");

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * application.properties puts the mock event server on 8082; the profiles ask for a free port
   * instead.
   */
  static final String MOCK_EVENT_SERVER_PORT = "quarkus.lambda.mock-event-server.test-port";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An SDK client for the KMS wire endpoint of the running application (SigV4, test/test). */
  KmsClient kms;

  /**
   * A test profile: the application exports exactly one function, as each deployed Lambda does. The
   * mock event server takes a free port, so that another module's or colleague's
   * {@code @QuarkusTest} holding 8082 at the same moment cannot fail these tests ("Address already
   * in use").
   */
  public abstract static class Exporting implements QuarkusTestProfile {
    private final String function;

    protected Exporting(String function) {
      this.function = function;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.funqy.export", function, MOCK_EVENT_SERVER_PORT, "0");
    }
  }

  /**
   * What the mock event server answered: 200 and the function's output, or 500 and the Lambda
   * error.
   */
  record Invocation(int status, String body) {
    JsonNode json() {
      return parse(body);
    }
  }

  @BeforeEach
  void openKmsClient() {
    kms =
        KmsClient.builder()
            .endpointOverride(
                URI.create(
                    "http://127.0.0.1:"
                        + config().getValue("quarkus.http.test-port", Integer.class)))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30)))
            .build();
  }

  @AfterEach
  void closeKmsClient() {
    kms.close();
  }

  // ------------------------------------------------------------------ events and invocation

  /** The text of {@code events/<file>} (the top-level events folder, a test resource). */
  static String event(String file) {
    try (InputStream in = AbstractLambdaEventTest.class.getResourceAsStream("/events/" + file)) {
      assertThat(in).as("events/" + file + " on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the mock event server listens: the Lambda dev service publishes the port it bound. */
  static URI mockEventServer() {
    int port = config().getValue(MOCK_EVENT_SERVER_PORT, Integer.class);
    assertThat(port).as(MOCK_EVENT_SERVER_PORT).isPositive();
    return URI.create("http://localhost:" + port + "/");
  }

  /**
   * Posts an event to the mock event server; bounded, so a function that never answers fails the
   * test.
   */
  static Invocation post(String event) {
    HttpRequest request =
        HttpRequest.newBuilder(mockEventServer())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Invocation(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("invoking through the mock event server failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Invokes the exported function and returns its output, failing unless the invocation succeeded.
   */
  static JsonNode invoke(String event) {
    Invocation result = post(event);
    assertThat(result.status())
        .as("mock event server status; body: %s", result.body())
        .isEqualTo(200);
    return result.json();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Replaces the example key id of an event with a real one. */
  static String withKey(String event, String keyId) {
    assertThat(event).contains(EXAMPLE_KEY_ID);
    return event.replace(EXAMPLE_KEY_ID, keyId);
  }

  /** Replaces the ciphertext placeholder of an event with a real ciphertext. */
  static String withCiphertext(String event, SdkBytes ciphertext) {
    assertThat(event).contains(EXAMPLE_CIPHERTEXT);
    return event.replace(EXAMPLE_CIPHERTEXT, base64(ciphertext.asByteArray()));
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] bytes(JsonNode base64Member) {
    assertThat(base64Member).as("base64 member").isNotNull();
    return Base64.getDecoder().decode(base64Member.asText());
  }

  static SdkBytes blob(JsonNode base64Member) {
    return SdkBytes.fromByteArray(bytes(base64Member));
  }

  // ------------------------------------------------------------------ configuration

  static Config config() {
    return ConfigProvider.getConfig();
  }

  /** The ARN this KMS gives a key id. */
  static String arn(String keyId) {
    return "arn:aws:kms:"
        + config().getValue("kms.region", String.class)
        + ":"
        + config().getValue("kms.account-id", String.class)
        + ":key/"
        + keyId;
  }

  // ------------------------------------------------------------------ setup through the SDK

  String newKey(String description) {
    return kms.createKey(r -> r.description(description)).keyMetadata().keyId();
  }

  /** A new key that {@code alias/example} points to. */
  String newKeyWithExampleAlias() {
    String keyId = newKey("target of alias/example");
    kms.createAlias(r -> r.aliasName(ALIAS).targetKeyId(keyId));
    return keyId;
  }

  /** A new key without material (Origin EXTERNAL, PendingImport). */
  String newExternalKey() {
    return kms.createKey(r -> r.description("imported material").origin(OriginType.EXTERNAL))
        .keyMetadata()
        .keyId();
  }

  /**
   * Imports 32 random bytes into an EXTERNAL key; {@code validTo == null} for material that does
   * not expire.
   */
  void importMaterial(String keyId, Instant validTo) {
    GetParametersForImportResponse parameters =
        kms.getParametersForImport(
            r ->
                r.keyId(keyId)
                    .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                    .wrappingKeySpec(WrappingKeySpec.RSA_2048));
    byte[] wrapped = wrap(parameters.publicKey().asByteArray(), randomBytes(32));
    kms.importKeyMaterial(
        r -> {
          r.keyId(keyId)
              .importToken(parameters.importToken())
              .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped));
          if (validTo == null) {
            r.expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
          } else {
            r.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo);
          }
        });
  }

  /** Wraps key material the way a customer does for RSAES_OAEP_SHA_256, with the JDK only. */
  static byte[] wrap(byte[] publicKeyDer, byte[] material) {
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.ENCRYPT_MODE,
          publicKey,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      return rsa.doFinal(material);
    } catch (Exception e) {
      throw new IllegalStateException("wrapping failed", e);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
