package dev.serverlesskms.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.enclave.RootKey;
import dev.serverlesskms.enclave.RootKeySecret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The enclave's secrets read with the real AWS SDK client (as the wiring builds it) from a server
 * that answers as Secrets Manager does on the wire: the request the SDK sends, both value formats
 * of the root key, the PIN, and every way a read fails at init, with messages that say what to fix
 * and never contain the value.
 */
class EnclaveSecretsTest {
  private static final String ROOT_KEY_ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/root-key-AbCdEf";
  private static final String PIN_ARN =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/pkcs11-pin-GhIjKl";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test"));

  private final SecureRandom random = new SecureRandom();
  private RecordedSecretsManager secretsManager;
  private SecretsManagerClient client;
  private EnclaveSecrets secrets;

  @BeforeEach
  void start() throws IOException {
    secretsManager = new RecordedSecretsManager();
    client = clientFor(ROOT_KEY_ARN, secretsManager.endpoint());
    secrets = new EnclaveSecrets(client);
  }

  @AfterEach
  void stop() {
    client.close();
    secretsManager.close();
  }

  private static SecretsManagerClient clientFor(String arn, URI endpoint) {
    return SecretsManagerClients.create(
        SecretArn.parse(arn).region(), CREDENTIALS, Optional.of(endpoint));
  }

  @Test
  void readsTheRootKeyFromSecretStringWithOneSignedGetSecretValue() {
    String base64 = randomKeyBase64();
    secretsManager.secretString(ROOT_KEY_ARN, base64 + "\n");

    try (RootKey loaded = secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN));
        RootKey expected = RootKeySecret.decode(base64)) {
      assertThat(loaded.id()).isEqualTo(expected.id());
      byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);
      byte[] wrapped = loaded.wrap(new byte[] {1, 2, 3}, aad);
      assertThat(unwrap(expected, wrapped, aad)).containsExactly(1, 2, 3);
    }

    assertThat(secretsManager.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.method()).isEqualTo("POST");
              assertThat(request.path()).isEqualTo("/");
              assertThat(request.target()).isEqualTo("secretsmanager.GetSecretValue");
              assertThat(request.contentType()).isEqualTo(RecordedSecretsManager.CONTENT_TYPE);
              assertThat(request.body().path("SecretId").asText()).isEqualTo(ROOT_KEY_ARN);
              assertThat(request.body().size())
                  .as("only SecretId: the current version, no VersionId/VersionStage")
                  .isEqualTo(1);
              // Signed for Secrets Manager in the secret's region (eu-west-1), not another one.
              assertThat(request.authorization())
                  .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                  .contains("/eu-west-1/secretsmanager/aws4_request");
            });
  }

  @Test
  void readsTheRootKeyFromA32ByteSecretBinary() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    secretsManager.secretBinary(ROOT_KEY_ARN, key);

    try (RootKey loaded = secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN));
        RootKey expected = RootKeySecret.decode(Base64.getEncoder().encodeToString(key))) {
      assertThat(loaded.id()).isEqualTo(expected.id());
    }
  }

  @Test
  void aMissingSecretFailsNamingItsArn() {
    assertThatThrownBy(() -> secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining(ROOT_KEY_ARN)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void aDeniedReadSaysWhichPermissionIsMissing() {
    secretsManager.error(
        ROOT_KEY_ARN,
        "AccessDeniedException",
        "User: arn:aws:sts::111122223333:assumed-role/serverless-kms-EncryptFunctionRole/fn is not"
            + " authorized to perform: secretsmanager:GetSecretValue on resource: "
            + ROOT_KEY_ARN
            + " because no identity-based policy allows the secretsmanager:GetSecretValue action");

    assertThatThrownBy(() -> secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("may not read secret " + ROOT_KEY_ARN)
        .hasMessageContaining("needs secretsmanager:GetSecretValue")
        .hasMessageContaining("AccessDeniedException");
  }

  @Test
  void aSecretItsKmsKeyCannotDecryptSaysSo() {
    secretsManager.error(ROOT_KEY_ARN, "DecryptionFailure", "Access to KMS is not allowed");

    assertThatThrownBy(() -> secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("kms:Decrypt")
        .hasMessageContaining("DecryptionFailure: Access to KMS is not allowed");
  }

  @Test
  void anUnreachableEndpointFailsTheInitInsteadOfHanging() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (SecretsManagerClient unreachable = clientFor(ROOT_KEY_ARN, closed)) {
      assertThatThrownBy(
              () -> new EnclaveSecrets(unreachable).rootKey(SecretArn.parse(ROOT_KEY_ARN)))
          .isInstanceOf(SecretLoadException.class)
          .hasMessageStartingWith("cannot read secret " + ROOT_KEY_ARN + " from Secrets Manager");
    }
  }

  @Test
  void aSecretStringThatIsNotBase64IsRefusedWithoutRepeatingIt() {
    // A common mistake: a key/value secret made in the console.
    String value = "{\"rootKey\":\"" + randomKeyBase64() + "\"}";
    secretsManager.secretString(ROOT_KEY_ARN, value);

    assertRefusedWithoutValue(value, "not valid base64");
  }

  @Test
  void aSecretStringOfTheWrongLengthIsRefusedWithoutRepeatingIt() {
    byte[] short16 = new byte[16];
    random.nextBytes(short16);
    String value = Base64.getEncoder().encodeToString(short16);
    secretsManager.secretString(ROOT_KEY_ARN, value);

    assertRefusedWithoutValue(value, "must decode to 32 bytes, got 16");
  }

  @Test
  void aSecretBinaryOfTheWrongLengthIsRefusedWithoutRepeatingIt() {
    byte[] key = new byte[31];
    random.nextBytes(key);
    secretsManager.secretBinary(ROOT_KEY_ARN, key);

    assertRefusedWithoutValue(
        Base64.getEncoder().encodeToString(key), "its SecretBinary has 31 bytes, not 32");
  }

  private void assertRefusedWithoutValue(String value, String reason) {
    assertThatThrownBy(() -> secrets.rootKey(SecretArn.parse(ROOT_KEY_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("secret " + ROOT_KEY_ARN + " does not hold a root key")
        .hasMessageContaining(reason)
        .hasMessageContaining("openssl rand -base64 32")
        .hasNoCause()
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain(value);
              assertThat(e.toString()).doesNotContain(value);
            });
  }

  @Test
  void readsThePinFromSecretStringIgnoringAFinalNewline() {
    secretsManager.secretString(PIN_ARN, "crypto-user:Pa55w0rd!\n");

    assertThat(secrets.pin(SecretArn.parse(PIN_ARN)))
        .containsExactly("crypto-user:Pa55w0rd!".toCharArray());
    assertThat(secretsManager.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.target()).isEqualTo("secretsmanager.GetSecretValue");
              assertThat(request.body().path("SecretId").asText()).isEqualTo(PIN_ARN);
            });
  }

  @Test
  void aPinSecretMustBeANonEmptySecretString() {
    secretsManager.secretBinary(PIN_ARN, "1234".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> secrets.pin(SecretArn.parse(PIN_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("store the PIN as its SecretString")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("1234"));

    secretsManager.secretString(PIN_ARN, " \n");
    assertThatThrownBy(() -> secrets.pin(SecretArn.parse(PIN_ARN)))
        .isInstanceOf(SecretLoadException.class)
        .hasMessageContaining("it is empty");
  }

  private String randomKeyBase64() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] unwrap(RootKey key, byte[] wrapped, byte[] aad) {
    try {
      return key.unwrap(wrapped, aad);
    } catch (dev.serverlesskms.enclave.RootKeyUnwrapException e) {
      throw new AssertionError("the loaded key is not the stored one", e);
    }
  }
}
