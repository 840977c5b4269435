package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Keys, aliases, tags and states survive a restart of the local server, and old ciphertexts still
 * decrypt.
 */
class PersistenceIT {
  @TempDir Path dataDir;

  @Test
  void everythingSurvivesARestart() throws Exception {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir)) {
      KeyMetadata kept;
      KeyMetadata disabled;
      SdkBytes blob;
      SdkBytes dataKeyBlob;
      byte[] dataKey;
      try (KmsClient kms = server.client()) {
        kept =
            kms.createKey(
                    r ->
                        r.description("kept").tags(Tag.builder().tagKey("t").tagValue("v").build()))
                .keyMetadata();
        disabled = kms.createKey(r -> r.description("disabled")).keyMetadata();
        kms.createAlias(r -> r.aliasName("alias/kept").targetKeyId(kept.keyId()));
        blob =
            kms.encrypt(
                    r ->
                        r.keyId("alias/kept")
                            .plaintext(SdkBytes.fromUtf8String("persisted"))
                            .encryptionContext(Map.of("a", "b")))
                .ciphertextBlob();
        var generated = kms.generateDataKey(r -> r.keyId(kept.arn()).numberOfBytes(32));
        dataKeyBlob = generated.ciphertextBlob();
        dataKey = generated.plaintext().asByteArray();
        kms.disableKey(r -> r.keyId(disabled.keyId()));
      }

      server.restart();

      try (KmsClient kms = server.client()) {
        assertThat(
                kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("a", "b")))
                    .plaintext()
                    .asUtf8String())
            .isEqualTo("persisted");
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKeyBlob)).plaintext().asByteArray())
            .isEqualTo(dataKey);
        assertThat(kms.describeKey(r -> r.keyId("alias/kept")).keyMetadata()).isEqualTo(kept);
        assertThat(kms.describeKey(r -> r.keyId(disabled.keyId())).keyMetadata().keyState())
            .isEqualTo(KeyState.DISABLED);
        assertThat(kms.listResourceTags(r -> r.keyId(kept.keyId())).tags())
            .containsExactly(Tag.builder().tagKey("t").tagValue("v").build());
        assertThat(kms.listKeys(r -> r.limit(1000)).keys()).hasSize(2);
      }
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("root-key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aDifferentRootKey_cannotReadTheKeys() throws Exception {
    SdkBytes blob;
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient kms = server.client()) {
      String keyId =
          kms.createKey(r -> r.description("bound to its root key")).keyMetadata().keyId();
      blob =
          kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
    }
    Files.delete(dataDir.resolve("root-key"));
    try (LocalKmsServer server = LocalKmsServer.start(dataDir);
        KmsClient kms = server.client()) {
      var error = KmsErrors.catchKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)));
      assertThat(error.awsErrorDetails().errorCode()).isEqualTo("KeyUnavailableException");
      assertThat(error.statusCode()).isEqualTo(500);
    }
  }
}
