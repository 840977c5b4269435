package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The custom key store life cycle through the AWS SDK for Java v2 against the packaged server, with
 * a real SoftHSM2 token as the cluster: create the store, connect, create a key in it (made in the
 * token, never extractable), encrypt and decrypt, disconnect (the key is Unavailable and refused),
 * reconnect, a restarted server (a new process: it logs in on its own), deletion of the key
 * destroying its token object, and the store deleted once empty.
 */
class CustomKeyStoreIT {
  private static final String CLUSTER = "cluster-softhsm00001";
  private static final String PIN = "kmsuser-Pin-7";
  private static final String SO_PIN = "so-pin-12345";
  private static final Path LIBRARY =
      Path.of(System.getProperty("softhsm.library", "/usr/lib/softhsm/libsofthsm2.so"));

  @TempDir Path dataDir;
  @TempDir Path tokens;

  /** A token of this test's own, via the project's init-token.sh; its slot id. */
  private long initToken() throws Exception {
    if (!Files.isRegularFile(LIBRARY)) {
      throw new IllegalStateException(
          "SoftHSM2 is not installed (no " + LIBRARY + "): apt-get install -y softhsm2 opensc");
    }
    String out =
        run(
            List.of(
                "bash",
                Path.of(System.getProperty("softhsm.scripts", "../../infra/softhsm"))
                    .resolve("init-token.sh")
                    .toString(),
                tokens.toString(),
                "cks-it"),
            Map.of("SOFTHSM2_USER_PIN", PIN, "SOFTHSM2_SO_PIN", SO_PIN));
    return out.lines()
        .filter(l -> l.startsWith("SOFTHSM2_SLOT="))
        .map(l -> Long.parseLong(l.substring("SOFTHSM2_SLOT=".length())))
        .findFirst()
        .orElseThrow();
  }

  private String conf() {
    return tokens.resolve("softhsm2.conf").toString();
  }

  /** The token's secret key objects, as pkcs11-tool (OpenSC) lists them. */
  private String tokenObjects(long slot) throws Exception {
    return run(
        List.of(
            "pkcs11-tool",
            "--module",
            LIBRARY.toString(),
            "--slot",
            Long.toString(slot),
            "--login",
            "--pin",
            PIN,
            "--list-objects",
            "--type",
            "secrkey"),
        Map.of("SOFTHSM2_CONF", conf()));
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
    return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
  }

  @Test
  void lifeCycle_onASoftHsmToken() throws Exception {
    long slot = initToken();
    Map<String, String> properties =
        Map.of(
            "kms.custom-key-stores.library",
            LIBRARY.toString(),
            "kms.custom-key-stores.clusters",
            CLUSTER + ":" + slot,
            "kms.lifecycle.interval",
            "1s");
    String storeId;
    String keyId;
    byte[] blob;
    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, properties, Map.of("SOFTHSM2_CONF", conf()))) {
      try (KmsClient kms = server.client()) {
        storeId =
            kms.createCustomKeyStore(
                    r ->
                        r.customKeyStoreName("payments-hsm")
                            .cloudHsmClusterId(CLUSTER)
                            .trustAnchorCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n")
                            .keyStorePassword(PIN))
                .customKeyStoreId();
        assertThat(describe(kms, storeId).connectionState())
            .isEqualTo(ConnectionStateType.DISCONNECTED);
        expectError(
            "CustomKeyStoreInvalidStateException",
            "CreateKey in a disconnected store",
            () -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)));

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(describe(kms, storeId).connectionState())
            .isEqualTo(ConnectionStateType.CONNECTED);

        KeyMetadata key =
            kms.createKey(
                    r ->
                        r.origin(OriginType.AWS_CLOUDHSM)
                            .customKeyStoreId(storeId)
                            .description("in the HSM"))
                .keyMetadata();
        keyId = key.keyId();
        assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(key.customKeyStoreId()).isEqualTo(storeId);
        assertThat(key.cloudHsmClusterId()).isEqualTo(CLUSTER);
        assertThat(tokenObjects(slot))
            .contains("label:      kms-" + keyId + "-v1")
            .contains("never extractable");

        blob =
            kms.encrypt(
                    r ->
                        r.keyId(keyId)
                            .plaintext(SdkBytes.fromUtf8String("card 4111"))
                            .encryptionContext(Map.of("tenant", "acme")))
                .ciphertextBlob()
                .asByteArray();
        assertThat(decrypt(kms, blob)).isEqualTo("card 4111");
        var dataKey = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
            .isEqualTo(dataKey.plaintext());
        assertThat(
                kms.generateRandom(r -> r.numberOfBytes(64).customKeyStoreId(storeId))
                    .plaintext()
                    .asByteArray())
            .hasSize(64);
        expectError(
            "UnsupportedOperationException",
            "no automatic rotation",
            () -> kms.enableKeyRotation(r -> r.keyId(keyId)));
        expectError(
            "UnsupportedOperationException",
            "no on-demand rotation",
            () -> kms.rotateKeyOnDemand(r -> r.keyId(keyId)));
        expectError(
            "CustomKeyStoreInvalidStateException",
            "a password change while connected",
            () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(PIN)));
        // a rename is allowed while connected, as AWS documents
        kms.updateCustomKeyStore(
            r -> r.customKeyStoreId(storeId).newCustomKeyStoreName("payments-hsm-1"));
        assertThat(describe(kms, storeId).customKeyStoreName()).isEqualTo("payments-hsm-1");

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));

        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
            .isEqualTo(KeyState.UNAVAILABLE);
        assertThat(
                expectError(
                        "KMSInvalidStateException",
                        "Encrypt with an unavailable key",
                        () ->
                            kms.encrypt(
                                r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                    .awsErrorDetails()
                    .errorMessage())
            .endsWith(keyId + " is unavailable.");

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(decrypt(kms, blob)).isEqualTo("card 4111");
      }

      // A new process: its own session to the token, opened on first use (the state is stored).
      server.restart();
      try (KmsClient kms = server.client()) {
        assertThat(describe(kms, storeId).connectionState())
            .isEqualTo(ConnectionStateType.CONNECTED);
        assertThat(decrypt(kms, blob)).isEqualTo("card 4111");
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        expectError(
            "CustomKeyStoreHasCMKsException",
            "a store with a key pending deletion",
            () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        // connected again, so that the key's deletion destroys its token object
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
      }

      server.restartWith(Map.of("kms.clock-offset", "P8D"));
      try (KmsClient kms = server.client()) {
        awaitDeleted(kms, keyId);
        // the job destroys the token object right after it deleted the key
        awaitTokenObjectGone(slot, "kms-" + keyId, server.log());
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId));
        expectError(
            "CustomKeyStoreNotFoundException",
            "the deleted store",
            () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)));
      }
    }
    assertThat(Files.readString(dataDir.resolve("audit.jsonl")))
        .contains(
            "\"CreateCustomKeyStore\"", "\"ConnectCustomKeyStore\"", "\"DeleteCustomKeyStore\"")
        .doesNotContain(PIN);
    for (Path log : serverLogs()) {
      assertThat(Files.readString(log)).as(log.toString()).doesNotContain(PIN);
    }
  }

  @Test
  void aWrongPassword_failsTheConnection_withInvalidCredentials() throws Exception {
    long slot = initToken();
    try (LocalKmsServer server =
            LocalKmsServer.start(
                dataDir,
                Map.of(
                    "kms.custom-key-stores.library",
                    LIBRARY.toString(),
                    "kms.custom-key-stores.clusters",
                    CLUSTER + ":" + slot),
                Map.of("SOFTHSM2_CONF", conf()));
        KmsClient kms = server.client()) {
      String storeId =
          kms.createCustomKeyStore(
                  r ->
                      r.customKeyStoreName("wrong")
                          .cloudHsmClusterId(CLUSTER)
                          .trustAnchorCertificate("pem")
                          .keyStorePassword("not-the-pin"))
              .customKeyStoreId();

      kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));

      CustomKeyStoresListEntry failed = describe(kms, storeId);
      assertThat(failed.connectionState()).isEqualTo(ConnectionStateType.FAILED);
      assertThat(failed.connectionErrorCodeAsString()).isEqualTo("INVALID_CREDENTIALS");
      expectError(
          "CustomKeyStoreInvalidStateException",
          "connect a FAILED store",
          () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId)));
      kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
      kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(PIN));
      kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
      assertThat(describe(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
      assertThat(Files.readString(server.log())).doesNotContain("not-the-pin").doesNotContain(PIN);
    }
  }

  private static String decrypt(KmsClient kms, byte[] blob) {
    return kms.decrypt(
            r ->
                r.ciphertextBlob(SdkBytes.fromByteArray(blob))
                    .encryptionContext(Map.of("tenant", "acme")))
        .plaintext()
        .asUtf8String();
  }

  private static void awaitDeleted(KmsClient kms, String keyId) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        kms.describeKey(r -> r.keyId(keyId));
      } catch (NotFoundException e) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("key " + keyId + " was not deleted by the lifecycle timer");
  }

  private void awaitTokenObjectGone(long slot, String label, Path serverLog) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (tokenObjects(slot).contains(label)) {
      if (Instant.now().isAfter(deadline)) {
        // The server's warnings say why (it logs a token object it could not destroy).
        throw new AssertionError(
            "token object "
                + label
                + " was not destroyed; server log:\n"
                + Files.readString(serverLog));
      }
      Thread.sleep(200);
    }
  }

  private List<Path> serverLogs() throws IOException {
    List<Path> logs = new ArrayList<>();
    try (var files = Files.list(Path.of("target", "it-server-logs"))) {
      files.forEach(logs::add);
    }
    return logs;
  }
}
