package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Issue 14's seed file, through the AWS SDK against the packaged server: two fresh servers seeded
 * with the same key id and material decrypt each other's ciphertexts; a restart with the same file
 * changes nothing; a changed description and alias apply; changed material stops the start with the
 * entry named; the material is in neither the log nor the audit file.
 */
class SeedFileIT {
  private static final String KEY_ID = "0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11";
  private static final String MATERIAL;

  static {
    byte[] material = new byte[32];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (31 * i + 5);
    }
    MATERIAL = Base64.getEncoder().encodeToString(material);
  }

  private static String seed(String description, String alias, String material) {
    return String.join(
        "\n",
        "Keys:",
        "  - KeyId: " + KEY_ID,
        "    Description: " + description,
        "    KeySpec: SYMMETRIC_DEFAULT",
        "    KeyUsage: ENCRYPT_DECRYPT",
        "    Material: " + material,
        "    Aliases: [" + alias + "]",
        "    Tags: [{TagKey: team, TagValue: payments}]",
        "");
  }

  private static Map<String, String> seeded(Path file) {
    return Map.of("kms.seed-file", file.toString());
  }

  @Test
  void twoFreshServersWithTheSameSeedDecryptEachOthersCiphertexts(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(dir.resolve("seed.yaml"), seed("payments", "alias/payments", MATERIAL));
    try (LocalKmsServer a = LocalKmsServer.start(dir.resolve("a"), seeded(file));
        LocalKmsServer b = LocalKmsServer.start(dir.resolve("b"), seeded(file));
        KmsClient kmsA = a.client();
        KmsClient kmsB = b.client()) {
      SdkBytes plaintext = SdkBytes.fromUtf8String("fixture kept in a test");
      SdkBytes fromA =
          kmsA.encrypt(r -> r.keyId("alias/payments").plaintext(plaintext)).ciphertextBlob();
      SdkBytes fromB = kmsB.encrypt(r -> r.keyId(KEY_ID).plaintext(plaintext)).ciphertextBlob();
      assertThat(kmsB.decrypt(r -> r.ciphertextBlob(fromA)).plaintext()).isEqualTo(plaintext);
      assertThat(kmsA.decrypt(r -> r.ciphertextBlob(fromB)).plaintext()).isEqualTo(plaintext);
      assertThat(kmsA.describeKey(r -> r.keyId(KEY_ID)).keyMetadata().description())
          .isEqualTo("payments");
      for (LocalKmsServer server : new LocalKmsServer[] {a, b}) {
        assertThat(Files.readString(server.log())).doesNotContain(MATERIAL);
        assertThat(Files.readString(server.auditLog()))
            .contains("SeedKey")
            .doesNotContain(MATERIAL);
      }
    }
  }

  @Test
  void restartsApplyTheSameFileAsNoChangeAChangedFileAsUpdatesAndRefuseNewMaterial(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("seed.yaml"), seed("old", "alias/old", MATERIAL));
    try (LocalKmsServer server = LocalKmsServer.start(dir.resolve("data"), seeded(file))) {
      KeyMetadata first;
      try (KmsClient kms = server.client()) {
        first = kms.describeKey(r -> r.keyId(KEY_ID)).keyMetadata();
      }
      long seedEvents = seedKeyEvents(server);

      server.restart();
      try (KmsClient kms = server.client()) {
        assertThat(kms.describeKey(r -> r.keyId(KEY_ID)).keyMetadata()).isEqualTo(first);
      }
      assertThat(Files.readString(server.log())).contains("0 created, 0 updated, 1 unchanged");
      assertThat(seedKeyEvents(server)).isEqualTo(seedEvents);

      Files.writeString(file, seed("new", "alias/new", MATERIAL));
      server.restart();
      try (KmsClient kms = server.client()) {
        assertThat(kms.describeKey(r -> r.keyId(KEY_ID)).keyMetadata().description())
            .isEqualTo("new");
        assertThat(kms.listAliases(r -> r.keyId(KEY_ID)).aliases())
            .extracting(AliasListEntry::aliasName)
            .containsExactly("alias/new");
      }

      byte[] other = Base64.getDecoder().decode(MATERIAL);
      other[0] ^= 1;
      String otherMaterial = Base64.getEncoder().encodeToString(other);
      Files.writeString(file, seed("new", "alias/new", otherMaterial));
      assertThatThrownBy(server::restart)
          .hasMessageContaining("Keys[0] (KeyId " + KEY_ID + "): Material: differs")
          .hasMessageNotContaining(otherMaterial)
          .hasMessageNotContaining(MATERIAL)
          // printed as the problem alone: no stack trace of Quarkus' start
          .hasMessageNotContaining("Failed to start")
          .hasMessageNotContaining("\tat ");
    }
  }

  private static long seedKeyEvents(LocalKmsServer server) throws java.io.IOException {
    return Files.readAllLines(server.auditLog()).stream()
        .filter(l -> l.contains("SeedKey"))
        .count();
  }
}
