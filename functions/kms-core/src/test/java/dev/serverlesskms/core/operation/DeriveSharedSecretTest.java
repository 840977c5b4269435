package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DeriveSharedSecretRequest;
import dev.serverlesskms.core.api.DeriveSharedSecretResponse;
import dev.serverlesskms.core.api.GetPublicKeyRequest;
import dev.serverlesskms.core.api.RecipientInfo;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyEncryptionMechanism;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.TestKms;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DeriveSharedSecret: ECDH on every KEY_AGREEMENT spec with a peer key made here, a secret of the
 * curve's field size that depends on key and peer; peer keys that do not parse or are on another
 * curve (ValidationException with an empty message, as AWS answers); the usage rule with AWS's
 * text; limits, key states, DryRun, Recipient, kms:KeyAgreementAlgorithm, and audit records without
 * the secret. The secret equals the ECDH the peer computes with the JDK from GetPublicKey's key
 * (and, through the packaged server, with OpenSSL too: {@code DeriveSharedSecretIT}).
 */
class DeriveSharedSecretTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  static Stream<Arguments> curves() {
    return Stream.of(
        Arguments.of(KeySpec.ECC_NIST_P256, "secp256r1", 32),
        Arguments.of(KeySpec.ECC_NIST_P384, "secp384r1", 48),
        Arguments.of(KeySpec.ECC_NIST_P521, "secp521r1", 66));
  }

  private String agreementKey(KeySpec spec) {
    return f.createKey(Requests.createKey().keySpec(spec).keyUsage(KeyUsage.KEY_AGREEMENT));
  }

  static KeyPair peer(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DeriveSharedSecretRequest derive(String keyId, byte[] peerPublicKey) {
    return new DeriveSharedSecretRequest(
        keyId, KeyAgreementAlgorithm.ECDH, peerPublicKey, null, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void deriveSharedSecret_givesAFieldSizeSecret_thatDependsOnKeyAndPeer(
      KeySpec spec, String curve, int secretBytes) {
    String keyId = agreementKey(spec);
    String otherKeyId = agreementKey(spec);
    byte[] peer = peer(curve).getPublic().getEncoded();

    DeriveSharedSecretResponse derived = f.call(kms.deriveSharedSecret, derive(keyId, peer));

    assertThat(derived.sharedSecret()).hasSize(secretBytes);
    assertThat(derived.keyId()).isEqualTo(arn(keyId));
    assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithm.ECDH);
    assertThat(derived.keyOrigin()).isEqualTo(Origin.AWS_KMS);
    assertThat(f.call(kms.deriveSharedSecret, derive(keyId, peer)).sharedSecret())
        .isEqualTo(derived.sharedSecret());
    assertThat(
            f.call(kms.deriveSharedSecret, derive(keyId, peer(curve).getPublic().getEncoded()))
                .sharedSecret())
        .isNotEqualTo(derived.sharedSecret());
    assertThat(f.call(kms.deriveSharedSecret, derive(otherKeyId, peer)).sharedSecret())
        .isNotEqualTo(derived.sharedSecret());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("curves")
  void theSecret_equalsTheEcdhThePeerComputes_withGetPublicKeysKey(
      KeySpec spec, String curve, int secretBytes) throws Exception {
    String keyId = agreementKey(spec);
    KeyPair peer = peer(curve);
    byte[] kmsPublicKey =
        f.call(kms.getPublicKey, new GetPublicKeyRequest(keyId, null)).publicKey();

    byte[] derived =
        f.call(kms.deriveSharedSecret, derive(keyId, peer.getPublic().getEncoded())).sharedSecret();

    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(peer.getPrivate());
    ecdh.doPhase(
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(kmsPublicKey)), true);
    assertThat(derived).isEqualTo(ecdh.generateSecret());
  }

  // ------------------------------------------------------------------ peer keys

  @Test
  void aPeerKeyThatDoesNotParse_isValidationException_withAnEmptyMessage() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] truncated = peer("secp256r1").getPublic().getEncoded();
    truncated = Arrays.copyOf(truncated, truncated.length - 3);

    for (byte[] bad :
        new byte[][] {KmsFixture.utf8("InvalidPublicKey"), truncated, new byte[] {0x30}}) {
      assertThat(f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, bad)))
          .hasMessage("");
    }
  }

  @Test
  void aPeerKeyOnAnotherCurve_orOfAnotherAlgorithm_isValidationException() throws Exception {
    String keyId = agreementKey(KeySpec.ECC_NIST_P384);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);

    for (byte[] other :
        new byte[][] {
          peer("secp256r1").getPublic().getEncoded(),
          peer("secp521r1").getPublic().getEncoded(),
          rsa.generateKeyPair().getPublic().getEncoded()
        }) {
      assertThat(f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, other)))
          .hasMessage("");
    }
  }

  // ------------------------------------------------------------------ usage

  @Test
  void aKeyThatIsNotAKeyAgreementKey_isInvalidKeyUsage_withAwsText() {
    byte[] peer = peer("secp256r1").getPublic().getEncoded();
    String signingKey =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
    String symmetricKey = f.createKey();

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE, kms.deriveSharedSecret, derive(signingKey, peer)))
        .hasMessage(
            arn(signingKey)
                + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.");
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE, kms.deriveSharedSecret, derive(symmetricKey, peer)))
        .hasMessage(
            arn(symmetricKey)
                + " key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.");
  }

  // ------------------------------------------------------------------ limits

  @Test
  void members_areRequired_andThePublicKeyOf1To8192Bytes() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] peer = peer("secp256r1").getPublic().getEncoded();

    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, new byte[8193])))
        .hasMessage(
            "1 validation error detected: Value at 'publicKey' failed to satisfy constraint:"
                + " Member must have length less than or equal to 8192");
    // 8192 bytes is a valid member that is no key.
    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, new byte[8192])))
        .hasMessage("");
    f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, new byte[0]));
    f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(keyId, null));
    f.error(KmsErrorType.VALIDATION, kms.deriveSharedSecret, derive(null, peer));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.deriveSharedSecret,
                new DeriveSharedSecretRequest(keyId, null, peer, null, null, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'keyAgreementAlgorithm' failed to"
                + " satisfy constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.deriveSharedSecret,
        new DeriveSharedSecretRequest(
            keyId, KeyAgreementAlgorithm.ECDH, peer, Collections.nCopies(11, "t"), null, null));
  }

  @Test
  void aRecipient_withAnAttestationDocument_isRefused_forNoAttestationCanBeVerifiedHere() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] peer = peer("secp256r1").getPublic().getEncoded();

    f.error(
        KmsErrorType.VALIDATION,
        kms.deriveSharedSecret,
        new DeriveSharedSecretRequest(
            keyId,
            KeyAgreementAlgorithm.ECDH,
            peer,
            null,
            null,
            new RecipientInfo(new byte[100], KeyEncryptionMechanism.RSAES_OAEP_SHA_256)));
    f.call(
        kms.deriveSharedSecret,
        new DeriveSharedSecretRequest(
            keyId, KeyAgreementAlgorithm.ECDH, peer, null, null, new RecipientInfo(null, null)));
  }

  // ------------------------------------------------------------------ states, DryRun

  @ParameterizedTest
  // Every stored state but Enabled; Unavailable (a custom key store's key, shown, never stored) is
  // CustomKeyStoreKeysTest's.
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "UNAVAILABLE", "PENDING_REPLICA_DELETION"},
      mode = EnumSource.Mode.EXCLUDE)
  void aKeyNotEnabled_isRefused_withAwsErrors(KeyState state) {
    // PendingReplicaDeletion (a multi-Region primary's) refuses as the USE row says:
    // KeyStateRuleTest, CryptoKeyStateTest and MultiRegionKeysTest.
    String keyId =
        f.createKey(
            Requests.createKey()
                .keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsage.KEY_AGREEMENT)
                .origin(state == KeyState.PENDING_IMPORT ? Origin.EXTERNAL : null));
    if (state == KeyState.DISABLED) {
      f.disable(keyId);
    } else if (state == KeyState.PENDING_DELETION) {
      f.scheduleDeletion(keyId);
    }

    KmsException error =
        f.error(
            state == KeyState.DISABLED ? KmsErrorType.DISABLED : KmsErrorType.INVALID_STATE,
            kms.deriveSharedSecret,
            derive(keyId, peer("secp256r1").getPublic().getEncoded()));

    assertThat(error.getMessage()).startsWith(arn(keyId) + " is ");
  }

  @Test
  void dryRun_checksEverything_thenAnswersDryRunOperation() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] peer = peer("secp256r1").getPublic().getEncoded();

    f.error(
        KmsErrorType.DRY_RUN,
        kms.deriveSharedSecret,
        new DeriveSharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, peer, null, true, null));
    f.disable(keyId);
    f.error(
        KmsErrorType.DISABLED,
        kms.deriveSharedSecret,
        new DeriveSharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, peer, null, true, null));
  }

  // ------------------------------------------------------------------ authorization, audit

  @Test
  void kmsKeyAgreementAlgorithm_isAConditionKey() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P256);
    byte[] peer = peer("secp256r1").getPublic().getEncoded();
    Caller allowed = TestKms.user(TestKms.LOCATION.accountId(), "ecdh");
    Caller refused = TestKms.user(TestKms.LOCATION.accountId(), "other");
    f.test.attachIdentityPolicy(allowed.arn(), allowDeriveWhenAlgorithmIs("ECDH"));
    f.test.attachIdentityPolicy(refused.arn(), allowDeriveWhenAlgorithmIs("NOT_ECDH"));

    f.test.callAs(allowed, kms.deriveSharedSecret, derive(keyId, peer));
    try {
      f.test.callAs(refused, kms.deriveSharedSecret, derive(keyId, peer));
      throw new AssertionError("a policy for another algorithm allowed ECDH");
    } catch (KmsException e) {
      assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
      assertThat(e.getMessage()).contains("kms:DeriveSharedSecret");
    }
  }

  private static String allowDeriveWhenAlgorithmIs(String algorithm) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "\"kms:DeriveSharedSecret\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
        + "{\"kms:KeyAgreementAlgorithm\":\""
        + algorithm
        + "\"}}}]}";
  }

  @Test
  void isAuditedAsReadOnly_withTheAlgorithm_neverTheSecret() {
    String keyId = agreementKey(KeySpec.ECC_NIST_P521);

    byte[] secret =
        f.call(kms.deriveSharedSecret, derive(keyId, peer("secp521r1").getPublic().getEncoded()))
            .sharedSecret();

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("DeriveSharedSecret");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters())
        .containsOnlyKeys("keyId", "keyAgreementAlgorithm")
        .containsEntry("keyAgreementAlgorithm", "ECDH");
    assertThat(event.responseElements()).isNull();
    f.assertNoAuditRecordHolds(secret);
  }
}
