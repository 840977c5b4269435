package dev.serverlesskms.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.secrets.RecordedSecretsManager;
import dev.serverlesskms.functions.secrets.SecretLoadException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a deployed function gets its enclave: the configuration the SAM template sets (kind, DynamoDB
 * store, the secret's ARN) mapped by SmallRye Config as Quarkus maps it, given to the wiring, which
 * reads the secret from a server answering as Secrets Manager does. No Quarkus boot.
 */
class EnclaveSecretWiringTest {
  private static final String ROOT_KEY_ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/root-key-AbCdEf";
  private static final String PIN_ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/pkcs11-pin-GhIjKl";

  @TempDir Path dataDir;
  private RecordedSecretsManager secretsManager;
  private final Map<String, String> previousCredentials = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    secretsManager = new RecordedSecretsManager();
    // The wiring uses the SDK's default credentials chain, whose first link is these properties.
    for (String property : new String[] {"aws.accessKeyId", "aws.secretAccessKey"}) {
      previousCredentials.put(property, System.getProperty(property));
      System.setProperty(property, "test");
    }
  }

  @AfterEach
  void stop() {
    secretsManager.close();
    previousCredentials.forEach(
        (property, value) -> {
          if (value == null) {
            System.clearProperty(property);
          } else {
            System.setProperty(property, value);
          }
        });
  }

  /** As in Lambda: DynamoDB store, so the software enclave has no key file to fall back on. */
  private KmsConfig deployed(Map<String, String> settings) {
    Map<String, String> properties = new HashMap<>(settings);
    properties.put("kms.data-dir", dataDir.toString());
    properties.put("kms.store.kind", "dynamodb");
    properties.put("kms.enclave.secrets-endpoint", secretsManager.endpoint().toString());
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(KmsConfig.class)
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(KmsConfig.class);
  }

  @Test
  void theSoftwareEnclaveUsesTheRootKeyOfItsSecret() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String base64 = Base64.getEncoder().encodeToString(key);
    secretsManager.secretString(ROOT_KEY_ARN, base64);

    Enclave enclave =
        new KmsWiring()
            .enclave(
                deployed(
                    Map.of(
                        "kms.enclave.kind",
                        "software",
                        "kms.enclave.root-key-secret-arn",
                        ROOT_KEY_ARN)));

    assertThat(secretsManager.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.target()).isEqualTo("secretsmanager.GetSecretValue");
              assertThat(request.body().path("SecretId").asText()).isEqualTo(ROOT_KEY_ARN);
              assertThat(request.authorization()).contains("/eu-west-1/secretsmanager/");
            });
    // What it seals, an enclave on the stored root key opens: it holds that key.
    try (KeyVersionEnclave reference =
        new KeyVersionEnclave(RootKeySecret.decode(base64), new SecureRandom(), 10)) {
      KeyVersionRef ref = new KeyVersionRef(KeyId.random(), 1);
      Enclave.NewKeyVersion version = enclave.generateKeyVersion(ref);
      byte[] aad = "context".getBytes(StandardCharsets.UTF_8);
      byte[] sealed = enclave.seal(ref, version.material(), new byte[] {4, 2}, aad);
      assertThat(reference.open(ref, version.material(), sealed, aad)).containsExactly(4, 2);
    } finally {
      ((AutoCloseable) enclave).close();
    }
  }

  @Test
  void aSecretThatCannotBeReadFailsTheStartWithoutFallingBack() {
    assertThatThrownBy(
            () ->
                new KmsWiring()
                    .enclave(
                        deployed(
                            Map.of(
                                "kms.enclave.kind",
                                "software",
                                "kms.enclave.root-key-secret-arn",
                                ROOT_KEY_ARN))))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining(ROOT_KEY_ARN)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void aRootKeyGivenBothByArnAndByValueIsRefused() {
    assertThatThrownBy(
            () ->
                new KmsWiring()
                    .enclave(
                        deployed(
                            Map.of(
                                "kms.enclave.kind",
                                "software",
                                "kms.enclave.root-key-secret-arn",
                                ROOT_KEY_ARN,
                                "kms.enclave.root-key-secret",
                                Base64.getEncoder().encodeToString(new byte[32])))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set kms.enclave.root-key-secret-arn or kms.enclave.root-key-secret, not both");
    assertThat(secretsManager.requests()).isEmpty();
  }

  @Test
  void aSharedStoreWithoutASecretNamesTheArnSetting() {
    assertThatThrownBy(
            () -> new KmsWiring().enclave(deployed(Map.of("kms.enclave.kind", "software"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("kms.enclave.root-key-secret-arn");
  }

  @Test
  void aFunctionWithoutTheEnclaveReadsNoSecret() {
    Enclave enclave =
        new KmsWiring()
            .enclave(
                deployed(
                    Map.of(
                        "kms.enclave.kind",
                        "none",
                        "kms.enclave.root-key-secret-arn",
                        ROOT_KEY_ARN)));

    assertThat(enclave).isInstanceOf(NoEnclave.class);
    assertThat(secretsManager.requests()).isEmpty();
  }

  @Test
  void thePkcs11PinIsReadFromItsSecretBeforeTheTokenIsOpened() {
    secretsManager.secretString(PIN_ARN, "crypto-user:pin\n");

    // No PKCS#11 module at this path: the PIN was read, then opening the token failed.
    assertThatThrownBy(
            () ->
                new KmsWiring()
                    .enclave(
                        deployed(
                            Map.of(
                                "kms.enclave.kind",
                                "pkcs11",
                                "kms.enclave.pkcs11.library",
                                dataDir.resolve("no-such-pkcs11.so").toString(),
                                "kms.enclave.pkcs11.slot",
                                "0",
                                "kms.enclave.pkcs11.pin-secret-arn",
                                PIN_ARN))))
        .isNotInstanceOf(SecretLoadException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("crypto-user:pin"));
    assertThat(secretsManager.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.body().path("SecretId").asText()).isEqualTo(PIN_ARN));
  }

  @Test
  void aPinGivenBothByArnAndByValueIsRefused() {
    assertThatThrownBy(
            () ->
                new KmsWiring()
                    .enclave(
                        deployed(
                            Map.of(
                                "kms.enclave.kind", "pkcs11",
                                "kms.enclave.pkcs11.library", "/nonexistent.so",
                                "kms.enclave.pkcs11.slot", "0",
                                "kms.enclave.pkcs11.pin-secret-arn", PIN_ARN,
                                "kms.enclave.pkcs11.pin", "1234"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set kms.enclave.pkcs11.pin-secret-arn or kms.enclave.pkcs11.pin, not both");
    assertThat(secretsManager.requests()).isEmpty();
  }
}
