package dev.serverlesskms.core.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Tag;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedFileReaderTest {
  static final String ID = "0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11";
  static final String MATERIAL = Base64.getEncoder().encodeToString(new byte[32]);

  static Map<String, Object> entry(Object... fields) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("KeyId", ID);
    for (int i = 0; i < fields.length; i += 2) {
      entry.put((String) fields[i], fields[i + 1]);
    }
    return entry;
  }

  static Map<String, Object> file(Object... entries) {
    return Map.of("Keys", new ArrayList<>(List.of(entries)));
  }

  @Test
  void readsEveryFieldOfAFullEntry() {
    SeedFile file =
        SeedFileReader.read(
            file(
                entry(
                    "Description",
                    "payments data key",
                    "KeySpec",
                    "SYMMETRIC_DEFAULT",
                    "KeyUsage",
                    "ENCRYPT_DECRYPT",
                    "Material",
                    MATERIAL,
                    "Aliases",
                    List.of("alias/payments"),
                    "Tags",
                    List.of(Map.of("TagKey", "team", "TagValue", "payments")),
                    "Rotation",
                    Map.of("Enabled", true, "RotationPeriodInDays", 180))));
    SeedKey key = file.keys().get(0);
    assertThat(key.keyId().value()).isEqualTo(ID);
    assertThat(key.description()).isEqualTo("payments data key");
    assertThat(key.material()).hasSize(32);
    assertThat(key.aliases()).containsExactly("alias/payments");
    assertThat(key.tags()).containsExactly(new Tag("team", "payments"));
    assertThat(key.rotation()).isEqualTo(new SeedKey.Rotation(true, 180));
    assertThat(key.toString()).doesNotContain(MATERIAL).contains("material given");
  }

  @Test
  void defaultsToASymmetricEncryptionKeyWithNothingElseSet() {
    SeedKey key = SeedFileReader.read(file(entry())).keys().get(0);
    assertThat(key.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(key.keyUsage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
    assertThat(key.material()).isNull();
    assertThat(key.aliases()).isNull();
    assertThat(key.tags()).isNull();
    assertThat(key.policy()).isNull();
  }

  @Test
  void acceptsEveryOfferedSpecWithEachAllowedUsage() {
    for (KeySpec spec : KeySpec.values()) {
      if (!spec.offered()) {
        continue;
      }
      for (KeyUsage usage : spec.allowedUsages()) {
        SeedKey key =
            SeedFileReader.read(file(entry("KeySpec", spec.toString(), "KeyUsage", usage.name())))
                .keys()
                .get(0);
        assertThat(key.keySpec()).isEqualTo(spec);
        assertThat(key.keyUsage()).isEqualTo(usage);
      }
    }
  }

  @Test
  void refusesAUsageTheSpecDoesNotAllowAndAMissingUsage() {
    assertThatThrownBy(
            () ->
                SeedFileReader.read(file(entry("KeySpec", "HMAC_256", "KeyUsage", "SIGN_VERIFY"))))
        .hasMessageContaining(
            "Keys[0] (KeyId " + ID + "): KeyUsage: SIGN_VERIFY is not compatible");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("KeySpec", "ECC_NIST_P256"))))
        .hasMessageContaining("KeyUsage: required for KeySpec ECC_NIST_P256");
  }

  @Test
  void refusesSm2AndUnknownSpecs() {
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("KeySpec", "SM2"))))
        .hasMessageContaining("KeySpec: SM2 is not a key spec this KMS offers");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("KeySpec", "AES_128"))))
        .hasMessageContaining("KeySpec: AES_128");
  }

  @Test
  void refusesAKeyIdThatIsNoUuid() {
    Map<String, Object> entry = entry();
    entry.put("KeyId", "mrk-0b0c6a527f4e4a5e9f578f0d2c6a1b11");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry)))
        .hasMessageContaining("KeyId: not a lower-case UUID");
    entry.remove("KeyId");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry)))
        .hasMessageContaining("Keys[0]: KeyId: required");
  }

  @Test
  void refusesSymmetricMaterialOfAnotherLengthWithoutShowingIt() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Material", short16))))
        .hasMessageContaining("Material: SYMMETRIC_DEFAULT material is 32 bytes, not 16")
        .hasMessageNotContaining(short16);
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Material", "not base64!"))))
        .hasMessageContaining("Material: not base64");
  }

  @Test
  void checksHmacMaterialLengthsPerSpec() {
    String b28 = Base64.getEncoder().encodeToString(new byte[28]);
    SeedFileReader.read(
        file(entry("KeySpec", "HMAC_224", "KeyUsage", "GENERATE_VERIFY_MAC", "Material", b28)));
    assertThatThrownBy(
            () ->
                SeedFileReader.read(
                    file(
                        entry(
                            "KeySpec",
                            "HMAC_512",
                            "KeyUsage",
                            "GENERATE_VERIFY_MAC",
                            "Material",
                            b28))))
        .hasMessageContaining("HMAC_512 material is 64..128 bytes, not 28");
  }

  @Test
  void refusesBadAliasesAndAnAliasOfTwoEntries() {
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Aliases", List.of("payments")))))
        .hasMessageContaining("Aliases: payments: Alias must start with the prefix");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Aliases", List.of("alias/aws/x")))))
        .hasMessageContaining("reserved");
    Map<String, Object> second = entry("Aliases", List.of("alias/a"));
    second.put("KeyId", "1b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11");
    assertThatThrownBy(
            () -> SeedFileReader.read(file(entry("Aliases", List.of("alias/a")), second)))
        .hasMessageContaining("Keys[1]")
        .hasMessageContaining("alias/a is also an alias of Keys[0]");
  }

  @Test
  void refusesTheSameKeyIdTwice() {
    assertThatThrownBy(() -> SeedFileReader.read(file(entry(), entry())))
        .hasMessageContaining("Keys[1] (KeyId " + ID + "): KeyId: also the KeyId of Keys[0]");
  }

  @Test
  void refusesMalformedTags() {
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Tags", List.of(Map.of("Key", "x"))))))
        .hasMessageContaining("Tags: each tag is {TagKey");
    assertThatThrownBy(
            () ->
                SeedFileReader.read(
                    file(
                        entry(
                            "Tags",
                            List.of(
                                Map.of("TagKey", "a", "TagValue", "1"),
                                Map.of("TagKey", "a", "TagValue", "2"))))))
        .hasMessageContaining("a TagKey appears twice");
  }

  @Test
  void takesAPolicyAsAMapOrAsTextAndRefusesAMalformedOne() {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Principal", Map.of("AWS", "arn:aws:iam::111122223333:root"));
    statement.put("Action", "kms:*");
    statement.put("Resource", "*");
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", List.of(statement));
    SeedKey key = SeedFileReader.read(file(entry("Policy", policy))).keys().get(0);
    assertThat(key.policy()).startsWith("{\"Version\":\"2012-10-17\",\"Statement\":[{");
    assertThatThrownBy(() -> SeedFileReader.read(file(entry("Policy", "{not json"))))
        .hasMessageContaining("Keys[0] (KeyId " + ID + "): Policy:");
  }

  @Test
  void checksTheRotationPeriodAndThatOnlySymmetricKeysRotate() {
    assertThatThrownBy(
            () ->
                SeedFileReader.read(
                    file(entry("Rotation", Map.of("Enabled", true, "RotationPeriodInDays", 30)))))
        .hasMessageContaining("Rotation.RotationPeriodInDays: 30 is not a whole number 90..2560");
    assertThat(
            SeedFileReader.read(file(entry("Rotation", Map.of("Enabled", true))))
                .keys()
                .get(0)
                .rotation())
        .isEqualTo(new SeedKey.Rotation(true, 365));
    assertThatThrownBy(
            () ->
                SeedFileReader.read(
                    file(
                        entry(
                            "KeySpec",
                            "RSA_2048",
                            "KeyUsage",
                            "SIGN_VERIFY",
                            "Rotation",
                            Map.of("Enabled", true)))))
        .hasMessageContaining("Rotation.Enabled: only SYMMETRIC_DEFAULT keys rotate");
  }

  @Test
  void refusesUnknownFieldsAndCollectsEveryProblem() {
    SeedFileException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SeedFileException.class,
            () ->
                SeedFileReader.read(
                    file(
                        entry(
                            "Descripton", "typo", "KeySpec", "ECC_NIST_P256", "Material", "%%"))));
    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage()).contains("Descripton: unknown field");
    assertThatThrownBy(() -> SeedFileReader.read(List.of())).hasMessageContaining("Keys list");
  }
}
