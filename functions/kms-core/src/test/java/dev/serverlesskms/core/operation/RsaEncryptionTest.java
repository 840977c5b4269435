package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.decryptWith;
import static dev.serverlesskms.core.operation.Requests.encryptWith;
import static dev.serverlesskms.core.operation.Requests.getPublicKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.api.ReEncryptRequest;
import dev.serverlesskms.core.api.ReEncryptResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encrypt, Decrypt and ReEncrypt with RSA encryption keys: RSAES-OAEP with SHA-1 or SHA-256, AWS's
 * plaintext limit per key size and algorithm, raw RSA ciphertexts (so a ciphertext made offline
 * with the JDK from GetPublicKey decrypts here), and AWS's refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RsaEncryptionTest {
  private static final byte[] PLAINTEXT = KmsFixture.utf8("a secret for the RSA key");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private final Map<KeySpec, String> keys = new EnumMap<>(KeySpec.class);

  private String rsaKey(KeySpec spec) {
    return keys.computeIfAbsent(
        spec, s -> f.createKey(createKey().keySpec(s).keyUsage(KeyUsage.ENCRYPT_DECRYPT)));
  }

  /** spec, algorithm, AWS's plaintext limit */
  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_1, 214),
        Arguments.of(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_256, 190),
        Arguments.of(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_1, 342),
        Arguments.of(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_256, 318),
        Arguments.of(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_1, 470),
        Arguments.of(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_256, 446));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("limits")
  void encryptThenDecrypt_atTheLimit_andOneByteOver_isRefusedWithAwsMessage(
      KeySpec spec, EncryptionAlgorithm algorithm, int limit) {
    String keyId = rsaKey(spec);
    byte[] largest = new byte[limit];
    largest[limit - 1] = 42;

    EncryptResponse encrypted = f.call(kms.encrypt, encryptWith(keyId, largest, algorithm));
    assertThat(encrypted.keyId()).isEqualTo(arn(keyId));
    assertThat(encrypted.encryptionAlgorithm()).isEqualTo(algorithm);
    assertThat(encrypted.ciphertextBlob()).hasSize(spec.size() / 8);
    DecryptResponse decrypted =
        f.call(kms.decrypt, decryptWith(encrypted.ciphertextBlob(), keyId, algorithm));
    assertThat(decrypted.plaintext()).isEqualTo(largest);
    assertThat(decrypted.keyId()).isEqualTo(arn(keyId));
    assertThat(decrypted.encryptionAlgorithm()).isEqualTo(algorithm);
    assertThat(decrypted.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.encrypt,
                encryptWith(keyId, new byte[limit + 1], algorithm)))
        .hasMessage(
            "Algorithm "
                + algorithm
                + " and key spec "
                + spec
                + " cannot encrypt data larger than "
                + limit
                + " bytes.");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("limits")
  void aCiphertextMadeOfflineWithTheJdk_fromGetPublicKey_decryptsHere(
      KeySpec spec, EncryptionAlgorithm algorithm, int limit) throws Exception {
    String keyId = rsaKey(spec);
    PublicKey publicKey =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new X509EncodedKeySpec(f.call(kms.getPublicKey, getPublicKey(keyId)).publicKey()));

    byte[] offline = jdkOaep(publicKey, algorithm, PLAINTEXT);

    assertThat(f.call(kms.decrypt, decryptWith(offline, keyId, algorithm)).plaintext())
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void aCiphertextThatDoesNotDecrypt_isInvalidCiphertext() {
    String keyId = rsaKey(KeySpec.RSA_2048);
    byte[] ciphertext =
        f.call(kms.encrypt, encryptWith(keyId, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256))
            .ciphertextBlob();

    byte[] altered = ciphertext.clone();
    altered[17] ^= 1;
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decryptWith(altered, keyId, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    assertThat(
            f.error(
                KmsErrorType.INVALID_CIPHERTEXT,
                kms.decrypt,
                decryptWith(ciphertext, keyId, EncryptionAlgorithm.RSAES_OAEP_SHA_1)))
        .as("the other OAEP digest")
        .hasMessage("");
    String otherKey =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT));
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decryptWith(ciphertext, otherKey, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decryptWith(new byte[100], keyId, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
  }

  @Test
  void theAlgorithms_mustFitTheKey_withAwsMessages() {
    String rsa = rsaKey(KeySpec.RSA_4096);
    String symmetric = f.createKey();

    assertThat(
            f.error(KmsErrorType.INVALID_KEY_USAGE, kms.encrypt, encryptWith(rsa, PLAINTEXT, null)))
        .hasMessage("Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.");
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.encrypt,
        encryptWith(rsa, PLAINTEXT, EncryptionAlgorithm.SYMMETRIC_DEFAULT));
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.encrypt,
        encryptWith(rsa, PLAINTEXT, EncryptionAlgorithm.SM2PKE));
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.encrypt,
                encryptWith(symmetric, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256)))
        .hasMessage(
            "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
    byte[] blob = f.encrypt(symmetric, "symmetric");
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.decrypt,
        decryptWith(blob, symmetric, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
  }

  @Test
  void anEncryptionContext_isNotForAsymmetricKeys() {
    String rsa = rsaKey(KeySpec.RSA_2048);
    Map<String, String> context = Map.of("purpose", "test");

    f.error(
        KmsErrorType.VALIDATION,
        kms.encrypt,
        new EncryptRequest(
            rsa, PLAINTEXT, context, null, EncryptionAlgorithm.RSAES_OAEP_SHA_256, null));
    byte[] ciphertext =
        f.call(kms.encrypt, encryptWith(rsa, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256))
            .ciphertextBlob();
    f.error(
        KmsErrorType.VALIDATION,
        kms.decrypt,
        new DecryptRequest(
            ciphertext, context, null, rsa, EncryptionAlgorithm.RSAES_OAEP_SHA_256, null));
  }

  @Test
  void keysOfOtherUsages_andStates_areRefusedAsForSymmetricKeys() {
    String signing =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.SIGN_VERIFY));
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.encrypt,
                encryptWith(signing, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256)))
        .hasMessage(arn(signing) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.decrypt,
                decryptWith(new byte[256], signing, EncryptionAlgorithm.RSAES_OAEP_SHA_256)))
        .hasMessage(arn(signing) + " key usage is SIGN_VERIFY which is not valid for Decrypt.");

    String disabled =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT));
    byte[] ciphertext =
        f.call(kms.encrypt, encryptWith(disabled, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_1))
            .ciphertextBlob();
    f.disable(disabled);
    f.error(
        KmsErrorType.DISABLED,
        kms.encrypt,
        encryptWith(disabled, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
    f.error(
        KmsErrorType.DISABLED,
        kms.decrypt,
        decryptWith(ciphertext, disabled, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
  }

  @Test
  void dryRun_refusesAfterEveryCheck_andEncryptsNothing() {
    String rsa = rsaKey(KeySpec.RSA_2048);
    f.error(
        KmsErrorType.DRY_RUN,
        kms.encrypt,
        new EncryptRequest(rsa, PLAINTEXT, null, null, EncryptionAlgorithm.RSAES_OAEP_SHA_1, true));
  }

  // ------------------------------------------------------------------ ReEncrypt

  @Test
  void reEncrypt_fromRsaToSymmetric_toRsa_andToAnotherRsaKey() {
    String rsa = rsaKey(KeySpec.RSA_2048);
    String rsaOther = rsaKey(KeySpec.RSA_3072);
    String symmetric = f.createKey();
    byte[] rsaCiphertext =
        f.call(kms.encrypt, encryptWith(rsa, PLAINTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256))
            .ciphertextBlob();

    ReEncryptResponse toSymmetric =
        f.call(
            kms.reEncrypt,
            new ReEncryptRequest(
                rsaCiphertext,
                null,
                rsa,
                symmetric,
                null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                null,
                null,
                null));
    assertThat(toSymmetric.sourceKeyId()).isEqualTo(arn(rsa));
    assertThat(toSymmetric.keyId()).isEqualTo(arn(symmetric));
    assertThat(toSymmetric.sourceEncryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithm.RSAES_OAEP_SHA_256);
    assertThat(toSymmetric.destinationEncryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    assertThat(f.decrypt(toSymmetric.ciphertextBlob())).isEqualTo("a secret for the RSA key");

    ReEncryptResponse toRsa =
        f.call(
            kms.reEncrypt,
            new ReEncryptRequest(
                toSymmetric.ciphertextBlob(),
                null,
                null,
                rsaOther,
                null,
                null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_1,
                null,
                null));
    assertThat(toRsa.destinationEncryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithm.RSAES_OAEP_SHA_1);
    assertThat(toRsa.destinationKeyMaterialId())
        .isEqualTo(f.describe(rsaOther).currentKeyMaterialId());
    assertThat(
            f.call(
                    kms.decrypt,
                    decryptWith(
                        toRsa.ciphertextBlob(), rsaOther, EncryptionAlgorithm.RSAES_OAEP_SHA_1))
                .plaintext())
        .isEqualTo(PLAINTEXT);

    ReEncryptResponse rsaToRsa =
        f.call(
            kms.reEncrypt,
            new ReEncryptRequest(
                toRsa.ciphertextBlob(),
                null,
                rsaOther,
                rsa,
                null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_1,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                null,
                null));
    assertThat(
            f.call(
                    kms.decrypt,
                    decryptWith(
                        rsaToRsa.ciphertextBlob(), rsa, EncryptionAlgorithm.RSAES_OAEP_SHA_256))
                .plaintext())
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void reEncrypt_toAnRsaKey_takesNoContextAndNoDefaultAlgorithm() {
    String rsa = rsaKey(KeySpec.RSA_2048);
    byte[] blob = f.encrypt(f.createKey(), "symmetric");

    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.reEncrypt,
        new ReEncryptRequest(blob, null, null, rsa, null, null, null, null, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.reEncrypt,
        new ReEncryptRequest(
            blob,
            null,
            null,
            rsa,
            Map.of("a", "b"),
            null,
            EncryptionAlgorithm.RSAES_OAEP_SHA_256,
            null,
            null));
  }

  // ------------------------------------------------------------------ helpers

  private static byte[] jdkOaep(PublicKey key, EncryptionAlgorithm algorithm, byte[] plaintext)
      throws Exception {
    String hash = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1 ? "SHA-1" : "SHA-256";
    MGF1ParameterSpec mgf =
        algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1
            ? MGF1ParameterSpec.SHA1
            : MGF1ParameterSpec.SHA256;
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        key,
        new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return cipher.doFinal(plaintext);
  }
}
