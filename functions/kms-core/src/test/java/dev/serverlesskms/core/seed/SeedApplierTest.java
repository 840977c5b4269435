package dev.serverlesskms.core.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedApplierTest {
  private static final String ID = SeedFileReaderTest.ID;
  private static final byte[] MATERIAL = new byte[32];

  static {
    for (int i = 0; i < MATERIAL.length; i++) {
      MATERIAL[i] = (byte) (i * 7 + 3);
    }
  }

  private static final String MATERIAL_B64 = Base64.getEncoder().encodeToString(MATERIAL);

  private final TestKms kms = TestKms.create();

  private List<SeedApplier.Outcome> apply(Map<String, Object> entry) {
    return new SeedApplier(kms.environment(), kms.audit())
        .apply(SeedFileReader.read(SeedFileReaderTest.file(entry)));
  }

  private KmsKey stored() {
    return kms.store().find(new KeyId(ID)).orElseThrow();
  }

  @Test
  void createsAMissingKeyWithTheFilesIdAndSettings() {
    List<SeedApplier.Outcome> outcomes =
        apply(
            SeedFileReaderTest.entry(
                "Description", "payments",
                "Material", MATERIAL_B64,
                "Aliases", List.of("alias/payments"),
                "Tags", List.of(Map.of("TagKey", "team", "TagValue", "payments")),
                "Rotation", Map.of("Enabled", true, "RotationPeriodInDays", 90)));
    assertThat(outcomes.get(0).action()).isEqualTo("Created");
    KmsKey key = stored();
    assertThat(key.description()).isEqualTo("payments");
    assertThat(key.origin()).isEqualTo(Origin.AWS_KMS);
    assertThat(key.tags()).containsExactly(new Tag("team", "payments"));
    assertThat(key.rotation().enabled()).isTrue();
    assertThat(key.rotation().periodInDays()).isEqualTo(90);
    assertThat(kms.store().findAlias("alias/payments").orElseThrow().targetKeyId().value())
        .isEqualTo(ID);
  }

  @Test
  void twoKmsSeededWithTheSameMaterialDecryptEachOthersCiphertexts() {
    TestKms other = TestKms.create();
    apply(SeedFileReaderTest.entry("Material", MATERIAL_B64));
    new SeedApplier(other.environment(), other.audit())
        .apply(
            SeedFileReader.read(
                SeedFileReaderTest.file(SeedFileReaderTest.entry("Material", MATERIAL_B64))));
    byte[] plaintext = "fixture".getBytes(StandardCharsets.UTF_8);
    byte[] blob =
        kms.call(kms.kms().encrypt, new EncryptRequest(ID, plaintext, null, null, null, null))
            .ciphertextBlob();
    byte[] decrypted =
        other
            .call(other.kms().decrypt, new DecryptRequest(blob, null, null, null, null, null, null))
            .plaintext();
    assertThat(decrypted).isEqualTo(plaintext);
  }

  @Test
  void applyingTheSameFileAgainWritesNothing() {
    Map<String, Object> entry =
        SeedFileReaderTest.entry(
            "Description", "d", "Aliases", List.of("alias/a"), "Material", MATERIAL_B64);
    apply(entry);
    KmsKey before = stored();
    int events = kms.audit().events().size();
    assertThat(apply(entry).get(0).action()).isEqualTo("Unchanged");
    assertThat(stored().revision()).isEqualTo(before.revision());
    assertThat(kms.audit().events()).hasSize(events);
  }

  @Test
  void aChangedFileUpdatesDescriptionAliasesTagsPolicyAndRotation() {
    apply(
        SeedFileReaderTest.entry(
            "Description", "old",
            "Aliases", List.of("alias/old"),
            "Tags", List.of(Map.of("TagKey", "a", "TagValue", "1"))));
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    SeedApplier.Outcome outcome =
        apply(
                SeedFileReaderTest.entry(
                    "Description", "new",
                    "Aliases", List.of("alias/new"),
                    "Tags", List.of(Map.of("TagKey", "b", "TagValue", "2")),
                    "Policy", policy,
                    "Rotation", Map.of("Enabled", true)))
            .get(0);
    assertThat(outcome.action()).isEqualTo("Updated");
    assertThat(outcome.changed())
        .containsExactly("Description", "Tags", "Policy", "Rotation", "Aliases");
    KmsKey key = stored();
    assertThat(key.description()).isEqualTo("new");
    assertThat(key.tags()).containsExactly(new Tag("b", "2"));
    assertThat(key.policy()).isEqualTo(policy);
    assertThat(key.rotation().enabled()).isTrue();
    assertThat(kms.store().findAlias("alias/new")).isPresent();
    assertThat(kms.store().findAlias("alias/old")).isEmpty();
  }

  @Test
  void anAliasOfAnotherKeyMovesToTheSeededKey() {
    String other = "1b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11";
    Map<String, Object> first = SeedFileReaderTest.entry("Aliases", List.of("alias/x"));
    first.put("KeyId", other);
    apply(first);
    apply(SeedFileReaderTest.entry("Aliases", List.of("alias/x")));
    assertThat(kms.store().findAlias("alias/x").orElseThrow().targetKeyId().value()).isEqualTo(ID);
  }

  @Test
  void refusesOtherMaterialForAnExistingKeyAndNeverReplacesIt() {
    apply(SeedFileReaderTest.entry("Material", MATERIAL_B64));
    String stored = stored().versions().get(0).materialId();
    byte[] otherMaterial = MATERIAL.clone();
    otherMaterial[0] ^= 1;
    String other = Base64.getEncoder().encodeToString(otherMaterial);
    assertThatThrownBy(() -> apply(SeedFileReaderTest.entry("Material", other)))
        .isInstanceOf(SeedFileException.class)
        .hasMessageContaining("Keys[0] (KeyId " + ID + "): Material: differs")
        .hasMessageNotContaining(other);
    assertThat(stored().versions().get(0).materialId()).isEqualTo(stored);
  }

  @Test
  void refusesMaterialForAKeyWhoseMaterialWasGenerated() {
    apply(SeedFileReaderTest.entry());
    assertThatThrownBy(() -> apply(SeedFileReaderTest.entry("Material", MATERIAL_B64)))
        .hasMessageContaining("Material: differs");
  }

  @Test
  void refusesAChangedKeySpec() {
    apply(SeedFileReaderTest.entry());
    assertThatThrownBy(
            () -> apply(SeedFileReaderTest.entry("KeySpec", "RSA_2048", "KeyUsage", "SIGN_VERIFY")))
        .hasMessageContaining("KeySpec: the stored key is SYMMETRIC_DEFAULT");
  }

  @Test
  void seedsAnAsymmetricKeyFromPkcs8MaterialAndRefusesMaterialOfAnotherCurve() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String pkcs8 =
        Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    apply(
        SeedFileReaderTest.entry(
            "KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY", "Material", pkcs8));
    assertThat(
            apply(
                    SeedFileReaderTest.entry(
                        "KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY", "Material", pkcs8))
                .get(0)
                .action())
        .isEqualTo("Unchanged");
    Map<String, Object> p384 =
        SeedFileReaderTest.entry(
            "KeySpec", "ECC_NIST_P384", "KeyUsage", "SIGN_VERIFY", "Material", pkcs8);
    p384.put("KeyId", "2b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11");
    assertThatThrownBy(() -> apply(p384))
        .hasMessageContaining("Keys[0] (KeyId 2b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11): Material:")
        .hasMessageNotContaining(pkcs8);
  }

  @Test
  void eachChangeHasASeedKeyAuditEventWithoutMaterial() {
    apply(SeedFileReaderTest.entry("Material", MATERIAL_B64, "Aliases", List.of("alias/a")));
    List<AuditEvent> events = kms.audit().events();
    assertThat(events).isNotEmpty().allMatch(e -> e.eventName().equals("SeedKey"));
    for (AuditEvent event : events) {
      assertThat(AuditEventJson.toJson(event)).contains(ID).doesNotContain(MATERIAL_B64);
    }
  }
}
