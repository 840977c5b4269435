package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.getPublicKey;
import static dev.serverlesskms.core.operation.Requests.sign;
import static dev.serverlesskms.core.operation.Requests.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GetPublicKeyResponse;
import dev.serverlesskms.core.api.SignRequest;
import dev.serverlesskms.core.api.SignResponse;
import dev.serverlesskms.core.api.VerifyRequest;
import dev.serverlesskms.core.api.VerifyResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign, Verify and GetPublicKey: every signing spec with every algorithm of it, RAW and DIGEST
 * (EXTERNAL_MU's acceptance rules here, its signatures in the integration test that computes mu
 * with Bouncy Castle), each signature verified here and, where the JDK has the algorithm (RSA,
 * ECDSA on NIST curves, Ed25519), by the JDK from GetPublicKey's output alone; and AWS's rules and
 * errors on algorithms, messages, key usage and key state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignVerifyTest {
  private static final byte[] MESSAGE = KmsFixture.utf8("sign me, as AWS KMS would");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private final Map<KeySpec, String> signingKeys = new EnumMap<>(KeySpec.class);

  /** One SIGN_VERIFY key per spec, made on first use (RSA key generation is slow). */
  private String signingKey(KeySpec spec) {
    return signingKeys.computeIfAbsent(
        spec, s -> f.createKey(createKey().keySpec(s).keyUsage(KeyUsage.SIGN_VERIFY)));
  }

  /** Every (spec, algorithm, message type) a SIGN_VERIFY key accepts, RAW and DIGEST. */
  static Stream<Arguments> signingCases() {
    List<Arguments> cases = new ArrayList<>();
    for (KeySpec spec : KeySpec.values()) {
      if (!spec.offered() || !spec.allowedUsages().contains(KeyUsage.SIGN_VERIFY)) {
        continue;
      }
      for (SigningAlgorithm algorithm : spec.signingAlgorithms(KeyUsage.SIGN_VERIFY)) {
        for (MessageType type : List.of(MessageType.RAW, MessageType.DIGEST)) {
          if (accepts(spec, algorithm, type)) {
            cases.add(Arguments.of(spec, algorithm, type));
          }
        }
      }
    }
    return cases.stream();
  }

  /** AWS's message-type rules, spelled out for the test. */
  private static boolean accepts(KeySpec spec, SigningAlgorithm algorithm, MessageType type) {
    if (spec.name().startsWith("ML_DSA_")) {
      return type == MessageType.RAW;
    }
    return switch (algorithm) {
      case ED25519_SHA_512 -> type == MessageType.RAW;
      case ED25519_PH_SHA_512 -> type == MessageType.DIGEST;
      default -> true;
    };
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("signingCases")
  void aSignature_verifiesHere_andWithTheJdkFromThePublicKeyAlone(
      KeySpec spec, SigningAlgorithm algorithm, MessageType type) throws Exception {
    String keyId = signingKey(spec);
    byte[] message = type == MessageType.DIGEST ? digest(algorithm, MESSAGE) : MESSAGE;

    SignResponse signed = f.call(kms.sign, sign(keyId, message, type, algorithm));
    assertThat(signed.keyId()).isEqualTo(arn(keyId));
    assertThat(signed.signingAlgorithm()).isEqualTo(algorithm);

    VerifyResponse verified =
        f.call(kms.verify, verify(keyId, message, type, signed.signature(), algorithm));
    assertThat(verified.signatureValid()).isTrue();
    assertThat(verified.keyId()).isEqualTo(arn(keyId));
    assertThat(verified.signingAlgorithm()).isEqualTo(algorithm);

    String jdkAlgorithm = jdkAlgorithm(algorithm);
    if (jdkAlgorithm != null && spec != KeySpec.ECC_SECG_P256K1) {
      // DIGEST signs the hash of MESSAGE: the JDK verifies it over MESSAGE itself.
      PublicKey publicKey = jdkPublicKey(f.call(kms.getPublicKey, getPublicKey(keyId)));
      Signature verifier = Signature.getInstance(jdkAlgorithm);
      if (algorithm.name().startsWith("RSASSA_PSS_")) {
        verifier.setParameter(pss(algorithm));
      }
      verifier.initVerify(publicKey);
      verifier.update(MESSAGE);
      assertThat(verifier.verify(signed.signature())).as("JDK verifies").isTrue();
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("signingCases")
  void aSignature_ofAnotherMessage_orAltered_isKmsInvalidSignature_withNoReason(
      KeySpec spec, SigningAlgorithm algorithm, MessageType type) {
    String keyId = signingKey(spec);
    byte[] message = type == MessageType.DIGEST ? digest(algorithm, MESSAGE) : MESSAGE;
    byte[] signature = f.call(kms.sign, sign(keyId, message, type, algorithm)).signature();

    byte[] otherMessage = message.clone();
    otherMessage[0] ^= 1;
    assertThat(
            f.error(
                KmsErrorType.KMS_INVALID_SIGNATURE,
                kms.verify,
                verify(keyId, otherMessage, type, signature, algorithm)))
        .hasMessage("");
    byte[] altered = signature.clone();
    altered[altered.length / 2] ^= 0x10;
    f.error(
        KmsErrorType.KMS_INVALID_SIGNATURE,
        kms.verify,
        verify(keyId, message, type, altered, algorithm));
  }

  @Test
  void messageType_defaultsToRaw() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    byte[] signature =
        f.call(kms.sign, sign(keyId, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256)).signature();

    assertThat(
            f.call(
                    kms.verify,
                    verify(
                        keyId, MESSAGE, MessageType.RAW, signature, SigningAlgorithm.ECDSA_SHA_256))
                .signatureValid())
        .isTrue();
  }

  @Test
  void aKeyNamedByAlias_signs_andTheResponseNamesTheKeyArn() {
    String keyId = signingKey(KeySpec.ECC_NIST_P384);
    f.createAlias("alias/signer", keyId);

    assertThat(
            f.call(
                    kms.sign,
                    sign("alias/signer", MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_384))
                .keyId())
        .isEqualTo(arn(keyId));
  }

  // ------------------------------------------------------------------ AWS's message rules

  @ParameterizedTest
  @EnumSource(
      value = SigningAlgorithm.class,
      names = {"RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PSS_SHA_512"})
  void aDigestOfAnotherLength_isRefused_withAwsMessage(SigningAlgorithm algorithm) {
    String keyId = signingKey(KeySpec.RSA_2048);
    byte[] tooShort = new byte[SigningRules.digestLength(algorithm) - 1];

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(keyId, tooShort, MessageType.DIGEST, algorithm)))
        .hasMessage("Digest is invalid length for algorithm " + algorithm + ".");
    f.error(
        KmsErrorType.VALIDATION,
        kms.verify,
        verify(keyId, new byte[65], MessageType.DIGEST, new byte[256], algorithm));
  }

  @Test
  void mlDsa_refusesDigest_andEd25519_pairsEachAlgorithmWithOneMessageType() {
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(
                    signingKey(KeySpec.ML_DSA_44),
                    new byte[32],
                    MessageType.DIGEST,
                    SigningAlgorithm.ML_DSA_SHAKE_256)))
        .hasMessage("Message type DIGEST is incompatible with key spec ML_DSA_44.");
    String ed25519 = signingKey(KeySpec.ECC_NIST_EDWARDS25519);
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(ed25519, new byte[64], MessageType.DIGEST, SigningAlgorithm.ED25519_SHA_512)))
        .hasMessage("Message type DIGEST is incompatible with algorithm ED25519_SHA_512.");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(ed25519, MESSAGE, MessageType.RAW, SigningAlgorithm.ED25519_PH_SHA_512)))
        .hasMessage("Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.");
  }

  @Test
  void externalMu_isForMlDsaOnly_andIs64Bytes() {
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(
                    signingKey(KeySpec.ECC_NIST_P256),
                    new byte[64],
                    MessageType.EXTERNAL_MU,
                    SigningAlgorithm.ECDSA_SHA_256)))
        .hasMessage("Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256.");
    String mlDsa = signingKey(KeySpec.ML_DSA_65);
    f.error(
        KmsErrorType.VALIDATION,
        kms.sign,
        sign(mlDsa, new byte[63], MessageType.EXTERNAL_MU, SigningAlgorithm.ML_DSA_SHAKE_256));

    byte[] mu = new byte[64];
    mu[0] = 7;
    byte[] signature =
        f.call(
                kms.sign,
                sign(mlDsa, mu, MessageType.EXTERNAL_MU, SigningAlgorithm.ML_DSA_SHAKE_256))
            .signature();
    assertThat(
            f.call(
                    kms.verify,
                    verify(
                        mlDsa,
                        mu,
                        MessageType.EXTERNAL_MU,
                        signature,
                        SigningAlgorithm.ML_DSA_SHAKE_256))
                .signatureValid())
        .isTrue();
  }

  @Test
  void anAlgorithmOfAnotherSpec_isInvalidKeyUsage_withAwsMessage() {
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.sign,
                sign(
                    signingKey(KeySpec.ECC_NIST_EDWARDS25519),
                    MESSAGE,
                    MessageType.RAW,
                    SigningAlgorithm.ECDSA_SHA_512)))
        .hasMessage("Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_EDWARDS25519.");
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.verify,
        verify(
            signingKey(KeySpec.ECC_NIST_P256),
            MESSAGE,
            MessageType.RAW,
            new byte[70],
            SigningAlgorithm.ECDSA_SHA_384));
  }

  @Test
  void theLimits_areAwsLimits() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    SigningAlgorithm algorithm = SigningAlgorithm.ECDSA_SHA_256;

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.sign,
                sign(keyId, new byte[4097], MessageType.RAW, algorithm)))
        .hasMessage(
            "1 validation error detected: Value at 'message' failed to satisfy constraint: Member"
                + " must have length less than or equal to 4096");
    f.error(
        KmsErrorType.VALIDATION, kms.sign, sign(keyId, new byte[0], MessageType.RAW, algorithm));
    f.error(KmsErrorType.VALIDATION, kms.sign, sign(keyId, null, MessageType.RAW, algorithm));
    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.sign, sign(keyId, MESSAGE, MessageType.RAW, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy"
                + " constraint: Member must not be null");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.verify,
                verify(keyId, MESSAGE, MessageType.RAW, new byte[6145], algorithm)))
        .hasMessageContaining("'signature'");
    f.error(
        KmsErrorType.VALIDATION,
        kms.verify,
        verify(keyId, MESSAGE, MessageType.RAW, new byte[0], algorithm));
    f.call(kms.sign, sign(keyId, new byte[4096], MessageType.RAW, algorithm));
  }

  @Test
  void dryRun_answersDryRunOperationException_andSignsNothing() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);

    f.error(
        KmsErrorType.DRY_RUN,
        kms.sign,
        new SignRequest(
            keyId, MESSAGE, MessageType.RAW, null, SigningAlgorithm.ECDSA_SHA_256, true));
    f.error(
        KmsErrorType.DRY_RUN,
        kms.verify,
        new VerifyRequest(
            keyId,
            MESSAGE,
            MessageType.RAW,
            new byte[70],
            SigningAlgorithm.ECDSA_SHA_256,
            null,
            true));
  }

  // ------------------------------------------------------------------ key usage and state

  @Test
  void aKeyOfAnotherUsage_isInvalidKeyUsage_withAwsMessage() {
    String symmetric = f.createKey();
    String rsaEncryption =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT));

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.sign,
                sign(symmetric, MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256)))
        .hasMessage(arn(symmetric) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.verify,
                verify(
                    rsaEncryption,
                    MESSAGE,
                    MessageType.RAW,
                    new byte[256],
                    SigningAlgorithm.RSASSA_PSS_SHA_256)))
        .hasMessage(
            arn(rsaEncryption) + " key usage is ENCRYPT_DECRYPT which is not valid for Verify.");
  }

  @Test
  void aDisabledOrDeletedKey_doesNotSign_orGiveItsPublicKey() {
    String disabled =
        f.createKey(createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
    f.disable(disabled);
    String deleted =
        f.createKey(createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
    f.scheduleDeletion(deleted);

    assertThat(
            f.error(
                KmsErrorType.DISABLED,
                kms.sign,
                sign(disabled, MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256)))
        .hasMessage(arn(disabled) + " is disabled.");
    f.error(KmsErrorType.DISABLED, kms.getPublicKey, getPublicKey(disabled));
    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.verify,
                verify(
                    deleted,
                    MESSAGE,
                    MessageType.RAW,
                    new byte[70],
                    SigningAlgorithm.ECDSA_SHA_256)))
        .hasMessage(arn(deleted) + " is pending deletion.");
    f.error(KmsErrorType.INVALID_STATE, kms.getPublicKey, getPublicKey(deleted));
  }

  // ------------------------------------------------------------------ GetPublicKey

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P521", "ECC_NIST_EDWARDS25519"})
  void getPublicKey_givesSpki_andTheSigningAlgorithms(KeySpec spec) throws Exception {
    String keyId = signingKey(spec);

    GetPublicKeyResponse response = f.call(kms.getPublicKey, getPublicKey(keyId));

    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keySpec()).isEqualTo(spec);
    assertThat(response.customerMasterKeySpec()).isEqualTo(spec);
    assertThat(response.keyUsage()).isEqualTo(KeyUsage.SIGN_VERIFY);
    assertThat(response.signingAlgorithms())
        .containsExactlyElementsOf(spec.signingAlgorithms(KeyUsage.SIGN_VERIFY));
    assertThat(response.encryptionAlgorithms()).isNull();
    assertThat(response.keyAgreementAlgorithms()).isNull();
    assertThat(jdkPublicKey(response)).isNotNull();
  }

  @Test
  void getPublicKey_ofAnEncryptionOrAgreementKey_listsItsAlgorithms() {
    GetPublicKeyResponse rsa =
        f.call(
            kms.getPublicKey,
            getPublicKey(
                f.createKey(
                    createKey().keySpec(KeySpec.RSA_3072).keyUsage(KeyUsage.ENCRYPT_DECRYPT))));
    assertThat(rsa.encryptionAlgorithms())
        .map(Object::toString)
        .containsExactly("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
    assertThat(rsa.signingAlgorithms()).isNull();

    GetPublicKeyResponse ecdh =
        f.call(
            kms.getPublicKey,
            getPublicKey(
                f.createKey(
                    createKey().keySpec(KeySpec.ECC_NIST_P384).keyUsage(KeyUsage.KEY_AGREEMENT))));
    assertThat(ecdh.keyAgreementAlgorithms()).map(Object::toString).containsExactly("ECDH");
    assertThat(ecdh.keyUsage()).isEqualTo(KeyUsage.KEY_AGREEMENT);
  }

  @Test
  void getPublicKey_ofASymmetricOrHmacKey_isUnsupported_andOfAKeyWithoutMaterial_pendingImport() {
    String symmetric = f.createKey();
    String hmac =
        f.createKey(createKey().keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
    String external =
        f.createKey(
            createKey()
                .keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .origin(Origin.EXTERNAL));

    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.getPublicKey, getPublicKey(symmetric));
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.getPublicKey, getPublicKey(hmac));
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.getPublicKey, getPublicKey(external)))
        .hasMessage(arn(external) + " is pending import.");
    assertThat(f.state(external)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  // ------------------------------------------------------------------ audit

  @Test
  void theAuditRecord_namesKeyAlgorithmAndMessageType_neverTheMessageOrSignature() {
    String keyId = signingKey(KeySpec.ECC_NIST_P256);
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);

    byte[] signature =
        f.call(kms.sign, sign(keyId, secret, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256))
            .signature();
    AuditEvent signed = f.lastAudit();
    f.call(
        kms.verify,
        verify(keyId, secret, MessageType.RAW, signature, SigningAlgorithm.ECDSA_SHA_256));

    assertThat(signed.eventName()).isEqualTo("Sign");
    assertThat(signed.requestParameters())
        .containsOnly(
            Map.entry("keyId", keyId),
            Map.entry("messageType", "RAW"),
            Map.entry("signingAlgorithm", "ECDSA_SHA_256"));
    assertThat(f.lastAudit().eventName()).isEqualTo("Verify");
    f.assertNoAuditRecordHolds(secret);
    f.assertNoAuditRecordHolds(java.util.Arrays.copyOf(signature, 32));
  }

  // ------------------------------------------------------------------ helpers

  static byte[] digest(SigningAlgorithm algorithm, byte[] message) {
    try {
      return MessageDigest.getInstance(hashName(algorithm)).digest(message);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hashName(SigningAlgorithm algorithm) {
    return switch (SigningRules.digestLength(algorithm)) {
      case 32 -> "SHA-256";
      case 48 -> "SHA-384";
      default -> "SHA-512";
    };
  }

  /** The JDK's name for verifying over the message, or {@code null} where the JDK has none. */
  private static String jdkAlgorithm(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case RSASSA_PKCS1_V1_5_SHA_256 -> "SHA256withRSA";
      case RSASSA_PKCS1_V1_5_SHA_384 -> "SHA384withRSA";
      case RSASSA_PKCS1_V1_5_SHA_512 -> "SHA512withRSA";
      case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> "RSASSA-PSS";
      case ECDSA_SHA_256 -> "SHA256withECDSA";
      case ECDSA_SHA_384 -> "SHA384withECDSA";
      case ECDSA_SHA_512 -> "SHA512withECDSA";
      case ED25519_SHA_512 -> "Ed25519";
      default -> null;
    };
  }

  /** AWS's PSS: MGF1 with the message digest, salt as long as the digest. */
  private static PSSParameterSpec pss(SigningAlgorithm algorithm) {
    String hash = hashName(algorithm);
    return new PSSParameterSpec(
        hash, "MGF1", new MGF1ParameterSpec(hash), SigningRules.digestLength(algorithm), 1);
  }

  private static PublicKey jdkPublicKey(GetPublicKeyResponse response) throws Exception {
    String family =
        switch (response.keySpec().family()) {
          case RSA -> "RSA";
          case ECC_NIST, ECC_SECG -> "EC";
          case EDWARDS -> "Ed25519";
          default -> throw new IllegalArgumentException(response.keySpec().toString());
        };
    return KeyFactory.getInstance(family)
        .generatePublic(new X509EncodedKeySpec(response.publicKey()));
  }
}
