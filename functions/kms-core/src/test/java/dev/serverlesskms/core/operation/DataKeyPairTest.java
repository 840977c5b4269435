package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.CONTEXT;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.decrypt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.GenerateDataKeyPairRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairResponse;
import dev.serverlesskms.core.api.GenerateDataKeyPairWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairWithoutPlaintextResponse;
import dev.serverlesskms.core.api.RecipientInfo;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.KeyEncryptionMechanism;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.KeyPairHalves;
import dev.serverlesskms.testkit.TestKms;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: every pair spec but SM2 (refused as
 * outside China Regions), halves that match, a private key whose ciphertext decrypts with Decrypt
 * under the encryption context, symmetric encryption keys only, limits, key states, DryRun,
 * Recipient, kms:DataKeyPairSpec, and audit records without the private key.
 */
class DataKeyPairTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private String keyId;

  @BeforeEach
  void key() {
    keyId = f.createKey();
    f.createAlias("alias/pairs", keyId);
  }

  private static GenerateDataKeyPairRequest pair(
      String keyId, DataKeyPairSpec spec, Map<String, String> context) {
    return new GenerateDataKeyPairRequest(context, keyId, spec, null, null, null);
  }

  private static GenerateDataKeyPairWithoutPlaintextRequest pairWithoutPlaintext(
      String keyId, DataKeyPairSpec spec, Map<String, String> context) {
    return new GenerateDataKeyPairWithoutPlaintextRequest(context, keyId, spec, null, null);
  }

  // ------------------------------------------------------------------ every spec

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataKeyPairSpec.class, names = "SM2", mode = EnumSource.Mode.EXCLUDE)
  void generateDataKeyPair_givesMatchingHalves_andAPrivateKeyCiphertextThatDecryptsToIt(
      DataKeyPairSpec spec) {
    GenerateDataKeyPairResponse response =
        f.call(kms.generateDataKeyPair, pair("alias/pairs", spec, CONTEXT));

    KeyPairHalves.assertMatch(spec, response.privateKeyPlaintext(), response.publicKey());
    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyPairSpec()).isEqualTo(spec);
    assertThat(response.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
    DecryptResponse decrypted =
        f.call(kms.decrypt, decrypt(response.privateKeyCiphertextBlob(), CONTEXT));
    assertThat(decrypted.plaintext()).isEqualTo(response.privateKeyPlaintext());
    assertThat(decrypted.keyId()).isEqualTo(arn(keyId));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataKeyPairSpec.class, names = "SM2", mode = EnumSource.Mode.EXCLUDE)
  void withoutPlaintext_givesACiphertextOfThePrivateHalfOfThePublicKey(DataKeyPairSpec spec) {
    GenerateDataKeyPairWithoutPlaintextResponse response =
        f.call(kms.generateDataKeyPairWithoutPlaintext, pairWithoutPlaintext(keyId, spec, null));

    byte[] privateKey =
        f.call(kms.decrypt, decrypt(response.privateKeyCiphertextBlob())).plaintext();
    KeyPairHalves.assertMatch(spec, privateKey, response.publicKey());
    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyPairSpec()).isEqualTo(spec);
    assertThat(response.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
  }

  @Test
  void everyCall_givesANewPair() {
    GenerateDataKeyPairResponse first =
        f.call(kms.generateDataKeyPair, pair(keyId, DataKeyPairSpec.ECC_NIST_P256, null));
    GenerateDataKeyPairResponse second =
        f.call(kms.generateDataKeyPair, pair(keyId, DataKeyPairSpec.ECC_NIST_P256, null));

    assertThat(second.publicKey()).isNotEqualTo(first.publicKey());
    assertThat(second.privateKeyPlaintext()).isNotEqualTo(first.privateKeyPlaintext());
  }

  @Test
  void thePrivateKeyCiphertext_isBoundToTheEncryptionContext() {
    GenerateDataKeyPairResponse response =
        f.call(kms.generateDataKeyPair, pair(keyId, DataKeyPairSpec.ECC_NIST_P384, CONTEXT));

    assertThat(
            f.error(
                KmsErrorType.INVALID_CIPHERTEXT,
                kms.decrypt,
                decrypt(response.privateKeyCiphertextBlob())))
        .hasMessage("");
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(response.privateKeyCiphertextBlob(), Map.of("tenant", "acme")));
  }

  @Test
  void sm2_isRefused_asAwsRefusesItOutsideChinaRegions() {
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.generateDataKeyPair,
                pair(keyId, DataKeyPairSpec.SM2, null)))
        .hasMessage("KeyPairSpec SM2 is not supported in this Region");
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(keyId, DataKeyPairSpec.SM2, null));
  }

  // ------------------------------------------------------------------ the KMS key

  @Test
  void aKeyThatIsNotASymmetricEncryptionKey_isInvalidKeyUsage() {
    String hmacKey =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
    String rsaKey =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT));
    String signingKey =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.generateDataKeyPair,
                pair(hmacKey, DataKeyPairSpec.RSA_2048, null)))
        .hasMessage(
            arn(hmacKey)
                + " key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKeyPair.");
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.generateDataKeyPairWithoutPlaintext,
                pairWithoutPlaintext(signingKey, DataKeyPairSpec.RSA_2048, null)))
        .hasMessage(
            arn(signingKey)
                + " key usage is SIGN_VERIFY which is not valid for"
                + " GenerateDataKeyPairWithoutPlaintext.");
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.generateDataKeyPair,
        pair(rsaKey, DataKeyPairSpec.RSA_2048, null));
  }

  @ParameterizedTest
  // Every stored state but Enabled; Unavailable (a custom key store's key, shown, never stored) is
  // CustomKeyStoreKeysTest's.
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "UNAVAILABLE"},
      mode = EnumSource.Mode.EXCLUDE)
  void aKeyNotEnabled_isRefused_withAwsErrors(KeyState state) {
    String other = f.keyIn(state);

    KmsException error =
        f.error(
            state == KeyState.DISABLED ? KmsErrorType.DISABLED : KmsErrorType.INVALID_STATE,
            kms.generateDataKeyPair,
            pair(other, DataKeyPairSpec.ECC_NIST_P256, null));
    assertThat(error.getMessage()).startsWith(arn(other) + " is ");
    f.error(
        state == KeyState.DISABLED ? KmsErrorType.DISABLED : KmsErrorType.INVALID_STATE,
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(other, DataKeyPairSpec.ECC_NIST_P256, null));
  }

  // ------------------------------------------------------------------ members

  @Test
  void members_areValidated() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.generateDataKeyPair, pair(keyId, null, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'keyPairSpec' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(keyId, null, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyPair,
        pair(null, DataKeyPairSpec.RSA_2048, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyPair,
        new GenerateDataKeyPairRequest(
            null, keyId, DataKeyPairSpec.RSA_2048, Collections.nCopies(11, "t"), null, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(keyId, DataKeyPairSpec.RSA_2048, Map.of("k", "\uDFFF")));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.generateDataKeyPair,
        pair("alias/missing", DataKeyPairSpec.RSA_2048, null));
  }

  @Test
  void aRecipient_withAnAttestationDocument_isRefused_forNoAttestationCanBeVerifiedHere() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyPair,
        new GenerateDataKeyPairRequest(
            null,
            keyId,
            DataKeyPairSpec.ECC_NIST_P256,
            null,
            new RecipientInfo(new byte[100], KeyEncryptionMechanism.RSAES_OAEP_SHA_256),
            null));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.generateDataKeyPair,
                new GenerateDataKeyPairRequest(
                    null,
                    keyId,
                    DataKeyPairSpec.ECC_NIST_P256,
                    null,
                    new RecipientInfo(new byte[262145], null),
                    null)))
        .hasMessage(
            "1 validation error detected: Value at 'recipient.attestationDocument' failed to"
                + " satisfy constraint: Member must have length less than or equal to 262144");
    // A Recipient without a document asks for nothing.
    assertThat(
            f.call(
                    kms.generateDataKeyPair,
                    new GenerateDataKeyPairRequest(
                        null,
                        keyId,
                        DataKeyPairSpec.ECC_NIST_P256,
                        null,
                        new RecipientInfo(null, KeyEncryptionMechanism.RSAES_OAEP_SHA_256),
                        null))
                .privateKeyPlaintext())
        .isNotEmpty();
  }

  @Test
  void dryRun_checksEverything_thenAnswersDryRunOperation() {
    f.error(
        KmsErrorType.DRY_RUN,
        kms.generateDataKeyPair,
        new GenerateDataKeyPairRequest(null, keyId, DataKeyPairSpec.RSA_4096, null, null, true));
    f.error(
        KmsErrorType.DRY_RUN,
        kms.generateDataKeyPairWithoutPlaintext,
        new GenerateDataKeyPairWithoutPlaintextRequest(
            null, keyId, DataKeyPairSpec.RSA_4096, null, true));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.generateDataKeyPair,
        new GenerateDataKeyPairRequest(null, keyId, DataKeyPairSpec.SM2, null, null, true));
    f.disable(keyId);
    f.error(
        KmsErrorType.DISABLED,
        kms.generateDataKeyPair,
        new GenerateDataKeyPairRequest(null, keyId, DataKeyPairSpec.RSA_2048, null, null, true));
  }

  // ------------------------------------------------------------------ authorization, audit

  @Test
  void kmsDataKeyPairSpec_andTheEncryptionContext_areConditionKeys() {
    Caller carol = TestKms.user(TestKms.LOCATION.accountId(), "carol");
    f.test.attachIdentityPolicy(
        carol.arn(),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"kms:GenerateDataKeyPair*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
            + "{\"kms:DataKeyPairSpec\":\"ECC_NIST_P256\",\"kms:EncryptionContext:tenant\":"
            + "\"acme\",\"kms:EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}}}]}");

    f.test.callAs(
        carol, kms.generateDataKeyPair, pair(keyId, DataKeyPairSpec.ECC_NIST_P256, CONTEXT));
    f.test.callAs(
        carol,
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(keyId, DataKeyPairSpec.ECC_NIST_P256, CONTEXT));
    assertDenied(carol, pair(keyId, DataKeyPairSpec.ECC_NIST_P384, CONTEXT));
    assertDenied(carol, pair(keyId, DataKeyPairSpec.ECC_NIST_P256, Map.of("tenant", "other")));
  }

  private void assertDenied(Caller caller, GenerateDataKeyPairRequest request) {
    try {
      f.test.callAs(caller, kms.generateDataKeyPair, request);
      throw new AssertionError("allowed: " + request.keyPairSpec());
    } catch (KmsException e) {
      assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
      assertThat(e.getMessage()).contains("kms:GenerateDataKeyPair ");
    }
  }

  @Test
  void bothOperations_areAuditedAsReadOnly_withTheSpecAndContext_neverThePrivateKey() {
    GenerateDataKeyPairResponse response =
        f.call(kms.generateDataKeyPair, pair(keyId, DataKeyPairSpec.RSA_2048, CONTEXT));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("GenerateDataKeyPair");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters())
        .containsEntry("keyPairSpec", "RSA_2048")
        .containsEntry("encryptionContext", CONTEXT)
        .containsOnlyKeys("keyId", "keyPairSpec", "encryptionContext");
    assertThat(event.responseElements()).isNull();
    f.assertNoAuditRecordHolds(response.privateKeyPlaintext());

    f.call(
        kms.generateDataKeyPairWithoutPlaintext,
        pairWithoutPlaintext(keyId, DataKeyPairSpec.ECC_NIST_P521, null));
    assertThat(f.lastAudit().eventName()).isEqualTo("GenerateDataKeyPairWithoutPlaintext");
    assertThat(f.lastAudit().requestParameters()).containsEntry("keyPairSpec", "ECC_NIST_P521");
  }
}
