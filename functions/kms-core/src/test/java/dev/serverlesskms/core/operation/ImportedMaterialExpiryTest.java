package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Imported material is unusable from its ValidTo on, at once: every request sees the key as AWS
 * shows it then (pending import, no material), whether or not the lifecycle job has yet run and
 * made the expiry durable. The job's own expiry is {@link KeyLifecycleJobTest}'s.
 */
class ImportedMaterialExpiryTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private String keyId;
  private Instant validTo;
  private byte[] material;
  private byte[] blob;

  /** An imported key expiring in a day, with a ciphertext made before. */
  private void importExpiringInADay() {
    keyId = f.externalKey();
    material = CustomerKeyWrapping.randomMaterial(32);
    validTo = f.now().plus(Duration.ofDays(1));
    f.importMaterial(keyId, material, validTo);
    blob = f.encrypt(keyId, "before expiry");
  }

  @Test
  void justBeforeValidTo_theMaterialIsUsable() {
    importExpiringInADay();
    f.advance(Duration.ofDays(1).minusMillis(1));

    assertThat(f.decrypt(f.encrypt(keyId, "still valid"))).isEqualTo("still valid");
    assertThat(f.decrypt(blob)).isEqualTo("before expiry");
    KeyMetadata metadata = f.describe(keyId);
    assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(metadata.validTo()).isEqualTo(validTo);
  }

  @Test
  void fromValidTo_beforeTheLifecycleJobRuns_everyCryptographicOperationRefusesTheKey() {
    importExpiringInADay();
    String otherKey = f.createKey();
    byte[] otherBlob = f.encrypt(otherKey, "other");
    f.advance(Duration.ofDays(1));
    String pendingImport = arn(keyId) + " is pending import.";

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.encrypt,
                Requests.encrypt(keyId, KmsFixture.utf8("after expiry"))))
        .hasMessage(pendingImport);
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.decrypt, Requests.decrypt(blob)))
        .hasMessage(pendingImport);
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.reEncrypt,
                Requests.reEncrypt(blob, null, otherKey)))
        .hasMessage(pendingImport);
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.reEncrypt,
                Requests.reEncrypt(otherBlob, null, keyId)))
        .hasMessage(pendingImport);
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.generateDataKey,
                Requests.generateDataKey(keyId, 32, null)))
        .hasMessage(pendingImport);
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.generateDataKeyWithoutPlaintext,
                Requests.generateDataKeyWithoutPlaintext(keyId, 32, null)))
        .hasMessage(pendingImport);
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE, kms.listKeyRotations, Requests.listKeyRotations(keyId)))
        .hasMessage(pendingImport);
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.enableKey, Requests.enableKey(keyId)))
        .hasMessage(pendingImport);
  }

  @Test
  void fromValidTo_describeKeyShowsTheKeyPendingImport_withoutAnythingWritten() {
    importExpiringInADay();
    KmsKey stored = f.test.store().find(new KeyId(keyId)).orElseThrow();
    f.advance(Duration.ofDays(1));

    KeyMetadata metadata = f.describe(keyId);

    assertThat(metadata.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(metadata.enabled()).isFalse();
    assertThat(metadata.validTo()).isNull();
    assertThat(metadata.currentKeyMaterialId()).isNull();
    assertThat(metadata.expirationModel()).isNull();
    // A view at read time: the store is untouched until the lifecycle job expires the material.
    assertThat(f.test.store().find(new KeyId(keyId)).orElseThrow()).isEqualTo(stored);
    assertThat(f.test.lifecycleJob().run().expired()).isEqualTo(1);
    assertThat(f.describe(keyId)).isEqualTo(metadata);
  }

  @Test
  void fromValidTo_reimportingTheSameMaterial_bringsTheKeyBack_beforeOrAfterTheJob() {
    importExpiringInADay();
    f.advance(Duration.ofDays(1));
    f.error(KmsErrorType.INVALID_STATE, kms.decrypt, Requests.decrypt(blob));

    f.importMaterial(keyId, material, null);

    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
    assertThat(f.decrypt(blob)).isEqualTo("before expiry");
    assertThat(f.test.lifecycleJob().run().expired()).isZero();
    assertThat(f.decrypt(blob)).isEqualTo("before expiry");
  }
}
