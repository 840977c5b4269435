package dev.serverlesskms.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.functions.ric.RuntimeResult.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM build as a Lambda container image, run the way Lambda runs it: Dockerfile.jvm's
 * ENTRYPOINT and CMD (the AWS Lambda Runtime Interface Client calling the Funqy handler), on the
 * files its COPY lines name, against a local Lambda Runtime API. Each KMS operation is its own
 * function, chosen by QUARKUS_FUNQY_EXPORT, and the functions share one key store, as deployed
 * functions share the table.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RuntimeInterfaceClientIT {
  /** The first answer includes starting the JVM and Quarkus. */
  private static final Duration FIRST_ANSWER = Duration.ofSeconds(60);

  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static final String ROOT_KEY_SECRET = Base64.getEncoder().encodeToString(fixedBytes(32));
  private static final String HELLO = Base64.getEncoder().encodeToString("hello".getBytes());
  private static final String ARN_PREFIX = "arn:aws:kms:us-east-1:000000000000:key/";

  /** The first byte of every ciphertext blob: format version 1 (kms-core, CiphertextBlobCodec). */
  private static final byte FORMAT_V1 = 0x01;

  private ContainerImage image;
  private List<String> command;
  private Path dataDir;
  private Path logDir;
  private int started;

  @BeforeEach
  void layOutTheImage(@TempDir Path work) throws IOException {
    Path target = targetDirectory();
    Path buildContext = target.getParent();
    DockerfileJvm dockerfile =
        DockerfileJvm.read(buildContext.resolve("src/main/docker/Dockerfile.jvm"));
    // target/ric/ is written by the container-image profile only; the same jars come from the test
    // class path.
    Path ricJars = RuntimeInterfaceClientJars.copyInto(work.resolve("ric-jars"));
    image =
        ContainerImage.assemble(
            dockerfile, buildContext, Map.of("target/ric/", ricJars), work.resolve("image"));
    Path nativeLibrary = RuntimeInterfaceClientJars.unpackNativeLibrary(work.resolve("jni"));
    command =
        image.command(
            Path.of(System.getProperty("java.home"), "bin", "java"),
            List.of(
                "-Xmx256m",
                "-D" + RuntimeInterfaceClientJars.NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary));
    dataDir = work.resolve("kms-data");
    logDir = Files.createDirectories(target.resolve("it-server-logs"));
  }

  @Test
  void eachOperationRunsAsItsOwnFunctionOnOneKeyStore() throws IOException {
    String keyId;
    try (LambdaInstance createKey = start("CreateKey")) {
      RuntimeResult created =
          createKey.invoke(
              "{\"Description\":\"made through the Runtime Interface Client\"}", FIRST_ANSWER);
      assertThat(created.outcome()).as(created.toString()).isEqualTo(Outcome.RESPONSE);
      JsonNode metadata = created.json().path("KeyMetadata");
      keyId = metadata.path("KeyId").asText();
      assertThat(keyId)
          .as(created.toString())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(metadata.path("Arn").asText()).isEqualTo(ARN_PREFIX + keyId);
      assertThat(metadata.path("Description").asText())
          .isEqualTo("made through the Runtime Interface Client");
    }

    String ciphertextBlob;
    try (LambdaInstance encrypt = start("Encrypt")) {
      String unknownKey = UUID.randomUUID().toString();
      RuntimeResult failed = encrypt.invoke(encryptRequest(unknownKey), FIRST_ANSWER);
      assertThat(failed.outcome()).as(failed.toString()).isEqualTo(Outcome.ERROR);
      assertThat(failed.functionErrorType())
          .as(failed.toString())
          .isEqualTo("Runtime.UserException");
      assertThat(failed.json().path("errorType").asText())
          .as("Lambda reports the AWS error type: %s", failed)
          .isEqualTo("NotFoundException");
      assertThat(failed.json().path("errorMessage").asText())
          .as(failed.toString())
          .contains(unknownKey)
          .doesNotStartWith("NotFoundException");
      assertThat(encrypt.isAlive())
          .as("the runtime survives a failed invocation:\n%s", encrypt.logTail())
          .isTrue();

      RuntimeResult encrypted = encrypt.invoke(encryptRequest(keyId), ANSWER);
      assertThat(encrypted.outcome()).as(encrypted.toString()).isEqualTo(Outcome.RESPONSE);
      JsonNode response = encrypted.json();
      assertThat(response.path("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
      assertThat(response.path("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
      ciphertextBlob = response.path("CiphertextBlob").asText();
      byte[] blob = Base64.getDecoder().decode(ciphertextBlob);
      assertThat(blob[0]).as("format version byte").isEqualTo(FORMAT_V1);
      assertThat(Arrays.copyOfRange(blob, 1, 17))
          .as("the key id's 16 bytes")
          .isEqualTo(uuidBytes(keyId));
    }

    try (LambdaInstance decrypt = start("Decrypt")) {
      RuntimeResult decrypted =
          decrypt.invoke("{\"CiphertextBlob\":\"" + ciphertextBlob + "\"}", FIRST_ANSWER);
      assertThat(decrypted.outcome()).as(decrypted.toString()).isEqualTo(Outcome.RESPONSE);
      assertThat(decrypted.json().path("Plaintext").asText()).isEqualTo(HELLO);
      assertThat(decrypted.json().path("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
    }
  }

  @Test
  void aFunctionThatCannotStartReportsToInitErrorAndExits() throws IOException {
    try (LambdaInstance broken = start("NoSuchOperation")) {
      JsonNode initError = new ObjectMapper().readTree(broken.awaitInitError(FIRST_ANSWER));
      assertThat(initError.path("errorType").asText()).as(initError.toString()).isNotBlank();
      assertThat(initError.path("errorMessage").asText()).as(initError.toString()).isNotBlank();
      assertThat(broken.awaitExit(ANSWER)).isNotZero();
      // The reason is in the function's log (CloudWatch in AWS), where whoever reads the init error
      // looks next.
      assertThat(broken.logTail()).contains("NoSuchOperation");
    }
  }

  /**
   * A function of the image, configured as sam-template.yaml configures one: its operation and the
   * KMS settings.
   */
  private LambdaInstance start(String operation) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_FUNQY_EXPORT", operation);
    env.put("KMS_DATA_DIR", dataDir.toString());
    env.put("KMS_ENCLAVE_ROOT_KEY_SECRET", ROOT_KEY_SECRET);
    // In Lambda: no local SigV4 endpoint, no HTTP port, no timer (EventBridge schedules the
    // lifecycle functions).
    env.put("KMS_LOCAL_ENABLED", "false");
    env.put("QUARKUS_HTTP_HOST_ENABLED", "false");
    env.put("QUARKUS_SCHEDULER_ENABLED", "false");
    String functionName = "kms-" + operation;
    Path log =
        logDir.resolve(
            "ric-"
                + functionName
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + (++started)
                + ".log");
    return LambdaInstance.start(image, command, functionName, env, log);
  }

  private static String encryptRequest(String keyId) {
    return "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + HELLO + "\"}";
  }

  private static byte[] uuidBytes(String uuid) {
    UUID id = UUID.fromString(uuid);
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private static byte[] fixedBytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i + 1);
    }
    return bytes;
  }

  /**
   * target/, from the runner jar the failsafe configuration names (or the working directory's
   * target/ in an IDE).
   */
  private static Path targetDirectory() {
    Path runner =
        Path.of(
                System.getProperty(
                    "kms.test.server-jar", "target/kms-functions-0.1.0-SNAPSHOT-runner.jar"))
            .toAbsolutePath();
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException(
          runner + " is missing: run `mvn verify` (the image is made of the packaged application)");
    }
    return runner.getParent();
  }
}
