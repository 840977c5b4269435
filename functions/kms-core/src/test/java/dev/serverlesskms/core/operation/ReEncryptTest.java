package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.CONTEXT;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static dev.serverlesskms.core.operation.Requests.decrypt;
import static dev.serverlesskms.core.operation.Requests.reEncrypt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.ReEncryptRequest;
import dev.serverlesskms.core.api.ReEncryptResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ReEncrypt: decrypts under the source key and encrypts under the destination key inside the KMS,
 * with the checks of Decrypt for the source and of Encrypt for the destination. (Its key-state
 * rows: {@link CryptoKeyStateTest}.)
 */
class ReEncryptTest {
  private static final Map<String, String> DESTINATION_CONTEXT = Map.of("stage", "2");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private String source;
  private String destination;
  private byte[] blob;

  @BeforeEach
  void aCiphertextUnderTheSourceKey() {
    source = f.createKey();
    destination = f.createKey();
    blob = f.encrypt(source, utf8("move me"), CONTEXT);
  }

  @Test
  void reEncrypt_movesTheCiphertextToTheDestinationKey_andItsContext() {
    ReEncryptResponse moved =
        f.call(
            kms.reEncrypt,
            new ReEncryptRequest(
                blob,
                CONTEXT,
                null,
                arn(destination),
                DESTINATION_CONTEXT,
                null,
                null,
                null,
                null));

    assertThat(moved.sourceKeyId()).isEqualTo(arn(source));
    assertThat(moved.keyId()).isEqualTo(arn(destination));
    assertThat(moved.sourceEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    assertThat(moved.destinationEncryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    assertThat(moved.sourceKeyMaterialId()).isEqualTo(f.describe(source).currentKeyMaterialId());
    assertThat(moved.destinationKeyMaterialId())
        .isEqualTo(f.describe(destination).currentKeyMaterialId());
    var decrypted = f.call(kms.decrypt, decrypt(moved.ciphertextBlob(), DESTINATION_CONTEXT));
    assertThat(decrypted.plaintext()).isEqualTo(utf8("move me"));
    assertThat(decrypted.keyId()).isEqualTo(arn(destination));
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(moved.ciphertextBlob(), CONTEXT));
  }

  @Test
  void reEncrypt_toAnAlias_andToTheSameKeyAfterARotation_usesTheNewestMaterial() {
    f.createAlias("alias/destination", destination);
    assertThat(f.call(kms.reEncrypt, reEncrypt(blob, CONTEXT, "alias/destination")).keyId())
        .isEqualTo(arn(destination));

    f.call(kms.rotateKeyOnDemand, Requests.rotateKeyOnDemand(source));
    ReEncryptResponse refreshed = f.call(kms.reEncrypt, reEncrypt(blob, CONTEXT, source));
    assertThat(refreshed.sourceKeyMaterialId()).isNotEqualTo(refreshed.destinationKeyMaterialId());
    assertThat(refreshed.destinationKeyMaterialId())
        .isEqualTo(f.describe(source).currentKeyMaterialId());
  }

  @Test
  void reEncrypt_withoutTheSourceContext_isInvalidCiphertext() {
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.reEncrypt, reEncrypt(blob, null, destination));
  }

  @Test
  void reEncrypt_withASourceKeyIdThatIsNotTheCiphertextsKey_isIncorrectKey() {
    assertThat(
            f.error(
                KmsErrorType.INCORRECT_KEY,
                kms.reEncrypt,
                new ReEncryptRequest(
                    blob, CONTEXT, destination, destination, null, null, null, null, null)))
        .hasMessage(
            "The key ID in the request does not identify a CMK that can perform this operation.");
    f.call(
        kms.reEncrypt,
        new ReEncryptRequest(
            blob, CONTEXT, arn(source), destination, null, null, null, null, null));
  }

  @Test
  void reEncrypt_needsTheCiphertextAndTheDestination() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.reEncrypt, reEncrypt(blob, CONTEXT, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(KmsErrorType.VALIDATION, kms.reEncrypt, reEncrypt(null, CONTEXT, destination));
    f.error(KmsErrorType.VALIDATION, kms.reEncrypt, reEncrypt(new byte[6145], null, destination));
  }

  @Test
  void reEncrypt_toAnUnknownDestination_isNotFound() {
    f.error(KmsErrorType.NOT_FOUND, kms.reEncrypt, reEncrypt(blob, CONTEXT, "alias/missing"));
  }

  @Test
  void reEncrypt_withAnAsymmetricAlgorithm_onEitherSide_isInvalidKeyUsage() {
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.reEncrypt,
        new ReEncryptRequest(
            blob,
            CONTEXT,
            null,
            destination,
            null,
            EncryptionAlgorithm.RSAES_OAEP_SHA_1,
            null,
            null,
            null));
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.reEncrypt,
        new ReEncryptRequest(
            blob, CONTEXT, null, destination, null, null, EncryptionAlgorithm.SM2PKE, null, null));
  }

  @Test
  void reEncrypt_dryRun_checksBothKeys_thenAnswersDryRunOperation() {
    f.error(
        KmsErrorType.DRY_RUN,
        kms.reEncrypt,
        new ReEncryptRequest(blob, CONTEXT, null, destination, null, null, null, null, true));
    f.disable(destination);
    f.error(
        KmsErrorType.DISABLED,
        kms.reEncrypt,
        new ReEncryptRequest(blob, CONTEXT, null, destination, null, null, null, null, true));
  }

  @Test
  void reEncrypt_contextsAndGrantTokens_areValidated() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.reEncrypt,
        new ReEncryptRequest(
            blob,
            CONTEXT,
            null,
            destination,
            null,
            null,
            null,
            Collections.nCopies(11, "t"),
            null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.reEncrypt,
        new ReEncryptRequest(
            blob, CONTEXT, null, destination, Map.of("k", "\uD800"), null, null, null, null));
  }

  @Test
  void reEncrypt_isAudited_withBothKeys_andNeverThePlaintext() {
    byte[] plaintext = CustomerKeyWrapping.randomMaterial(32);
    byte[] secret = f.encrypt(source, plaintext, null);

    f.call(kms.reEncrypt, reEncrypt(secret, null, destination));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("ReEncrypt");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("destinationKeyId", destination);
    assertThat(event.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(source), arn(destination));
    f.assertNoAuditRecordHolds(plaintext);
  }
}
