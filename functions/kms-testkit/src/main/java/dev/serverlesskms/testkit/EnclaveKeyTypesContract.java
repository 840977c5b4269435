package dev.serverlesskms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import dev.serverlesskms.core.port.ImportedMaterialException;
import dev.serverlesskms.core.port.InvalidPeerPublicKeyException;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;
import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import dev.serverlesskms.crypto.AsymmetricPublicKey;
import dev.serverlesskms.crypto.AsymmetricSpec;
import dev.serverlesskms.crypto.Digest;
import dev.serverlesskms.crypto.MessageKind;
import dev.serverlesskms.crypto.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The asymmetric, HMAC, ECDH, data key pair and typed import methods of {@link Enclave}, as one
 * suite every enclave runs (the test enclave, and the real one on its software root key and on
 * SoftHSM2), so they cannot drift apart. Results are checked against kms-crypto's public-key
 * operations and the JDK's HMAC, outside the enclave.
 *
 * <p>Extend it and return the enclave under test from {@link #enclave()} (one per class is fine:
 * every test uses fresh key ids).
 */
public abstract class EnclaveKeyTypesContract {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = "a message to sign".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  protected abstract Enclave enclave();

  private static KeyVersionRef newRef() {
    return new KeyVersionRef(KeyId.random(), 1);
  }

  private static List<KeySpec> asymmetricSpecs() {
    return Arrays.stream(KeySpec.values()).filter(s -> s.isAsymmetric() && s.offered()).toList();
  }

  private static byte[] messageFor(SigningAlgorithm algorithm, MessageType type) {
    Digest digest = SignatureAlgorithm.valueOf(algorithm.name()).digest();
    return type == MessageType.RAW ? MESSAGE : digest.hash(MESSAGE);
  }

  private static List<MessageType> typesOf(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519_SHA_512 -> List.of(MessageType.RAW);
      case ED25519_PH_SHA_512 -> List.of(MessageType.DIGEST);
      case ML_DSA_SHAKE_256 -> List.of(MessageType.RAW, MessageType.EXTERNAL_MU);
      default -> List.of(MessageType.RAW, MessageType.DIGEST);
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"SYMMETRIC_DEFAULT", "SM2"},
      mode = EnumSource.Mode.EXCLUDE)
  void everySpecGeneratesMaterialThatWorksAndVerifiesOutside(KeySpec spec) throws Exception {
    KeyVersionRef ref = newRef();
    Enclave.NewKeyVersion version = enclave().generateKeyVersion(ref, spec);
    assertThat(version.materialId()).matches("[0-9a-f]{64}");
    WrappedKey key = version.material();
    if (spec.isHmac()) {
      MacAlgorithm algorithm = spec.macAlgorithms(KeyUsage.GENERATE_VERIFY_MAC).get(0);
      byte[] mac = enclave().generateMac(ref, spec, key, algorithm, MESSAGE);
      assertThat(mac).hasSize(spec.size() / 8);
      assertThat(enclave().verifyMac(ref, spec, key, algorithm, MESSAGE, mac)).isTrue();
      mac[0] ^= 1;
      assertThat(enclave().verifyMac(ref, spec, key, algorithm, MESSAGE, mac)).isFalse();
      return;
    }
    AsymmetricPublicKey outside =
        AsymmetricPublicKey.fromSubjectPublicKeyInfo(
            AsymmetricSpec.valueOf(spec.name()), enclave().publicKey(ref, spec, key));
    for (SigningAlgorithm algorithm : spec.signingAlgorithms(KeyUsage.SIGN_VERIFY)) {
      for (MessageType type : typesOf(algorithm)) {
        byte[] message =
            type == MessageType.EXTERNAL_MU
                ? Digest.SHAKE_256.hash(MESSAGE) // any 64 bytes stand for a mu
                : messageFor(algorithm, type);
        byte[] signature = enclave().sign(ref, spec, key, algorithm, type, message);
        assertThat(
                outside.verify(
                    SignatureAlgorithm.valueOf(algorithm.name()),
                    MessageKind.valueOf(type.name()),
                    message,
                    signature))
            .as("%s %s %s", spec, algorithm, type)
            .isTrue();
        assertThat(enclave().verify(ref, spec, key, algorithm, type, message, signature)).isTrue();
        byte[] altered = signature.clone();
        altered[altered.length - 1] ^= 1;
        assertThat(enclave().verify(ref, spec, key, algorithm, type, message, altered)).isFalse();
      }
    }
  }

  // one spec of each family (the binding is the same code for all; key generation is not free)
  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {
        "RSA_2048",
        "ECC_NIST_P256",
        "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519",
        "ML_DSA_44",
        "HMAC_256",
        "HMAC_384"
      })
  void materialPresentedWithAnotherSpecVersionOrKeyDoesNotUnwrap(KeySpec spec) {
    KeyVersionRef ref = newRef();
    WrappedKey key = enclave().generateKeyVersion(ref, spec).material();
    KeySpec other = spec.isHmac() ? otherHmac(spec) : otherAsymmetric(spec);
    KeyVersionRef nextVersion = new KeyVersionRef(ref.keyId(), 2);
    KeyVersionRef otherKey = newRef();
    for (KeyVersionRef wrongRef : List.of(nextVersion, otherKey)) {
      assertThatThrownBy(() -> use(wrongRef, spec, key))
          .isInstanceOf(KeyMaterialUnavailableException.class);
    }
    assertThatThrownBy(() -> use(ref, other, key))
        .isInstanceOf(KeyMaterialUnavailableException.class);
    byte[] altered = key.bytes();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> use(ref, spec, new WrappedKey(altered)))
        .isInstanceOf(KeyMaterialUnavailableException.class);
  }

  private void use(KeyVersionRef ref, KeySpec spec, WrappedKey key) {
    if (spec.isHmac()) {
      enclave()
          .generateMac(
              ref, spec, key, spec.macAlgorithms(KeyUsage.GENERATE_VERIFY_MAC).get(0), MESSAGE);
    } else {
      enclave().publicKey(ref, spec, key);
    }
  }

  private static KeySpec otherHmac(KeySpec spec) {
    return spec == KeySpec.HMAC_256 ? KeySpec.HMAC_512 : KeySpec.HMAC_256;
  }

  private static KeySpec otherAsymmetric(KeySpec spec) {
    // same family where there is one, so only the spec binding can tell them apart
    return switch (spec) {
      case RSA_2048 -> KeySpec.RSA_3072;
      case ECC_NIST_P256 -> KeySpec.ECC_NIST_P384;
      case ML_DSA_44 -> KeySpec.ML_DSA_65;
      default -> spec == KeySpec.RSA_4096 ? KeySpec.RSA_2048 : KeySpec.ECC_NIST_P256;
    };
  }

  @Test
  void rsaEncryptsAndDecryptsWithBothAlgorithmsAndRefusesAlteredCiphertext() throws Exception {
    KeyVersionRef ref = newRef();
    KeySpec spec = KeySpec.RSA_2048;
    WrappedKey key = enclave().generateKeyVersion(ref, spec).material();
    for (EncryptionAlgorithm algorithm :
        List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256)) {
      byte[] plaintext = "plaintext".getBytes(StandardCharsets.UTF_8);
      byte[] ciphertext = enclave().encryptAsymmetric(ref, spec, key, algorithm, plaintext);
      assertThat(enclave().decryptAsymmetric(ref, spec, key, algorithm, ciphertext))
          .isEqualTo(plaintext);
      byte[] outside =
          AsymmetricPublicKey.fromSubjectPublicKeyInfo(
                  AsymmetricSpec.RSA_2048, enclave().publicKey(ref, spec, key))
              .encrypt(
                  dev.serverlesskms.crypto.OaepAlgorithm.valueOf(algorithm.name()),
                  plaintext,
                  RANDOM);
      assertThat(enclave().decryptAsymmetric(ref, spec, key, algorithm, outside))
          .isEqualTo(plaintext);
      ciphertext[5] ^= 1;
      assertThatThrownBy(() -> enclave().decryptAsymmetric(ref, spec, key, algorithm, ciphertext))
          .isInstanceOf(EnclaveAuthenticationException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"})
  void ecdhEqualsTheSecretThePeerDerives(KeySpec spec) throws Exception {
    KeyVersionRef ref = newRef();
    WrappedKey key = enclave().generateKeyVersion(ref, spec).material();
    AsymmetricPrivateKey peer =
        AsymmetricPrivateKey.generate(AsymmetricSpec.valueOf(spec.name()), RANDOM);
    byte[] secret =
        enclave()
            .deriveSharedSecret(
                ref, spec, key, KeyAgreementAlgorithm.ECDH, peer.publicKey().encoded());
    assertThat(secret).isEqualTo(peer.deriveSharedSecret(enclave().publicKey(ref, spec, key)));
    KeySpec otherCurve =
        spec == KeySpec.ECC_NIST_P256 ? KeySpec.ECC_NIST_P384 : KeySpec.ECC_NIST_P256;
    byte[] wrongCurve =
        AsymmetricPrivateKey.generate(AsymmetricSpec.valueOf(otherCurve.name()), RANDOM)
            .publicKey()
            .encoded();
    for (byte[] bad :
        List.of(wrongCurve, new byte[] {1, 2, 3}, notOnCurve(peer.publicKey().encoded()))) {
      assertThatThrownBy(
              () -> enclave().deriveSharedSecret(ref, spec, key, KeyAgreementAlgorithm.ECDH, bad))
          .isInstanceOf(InvalidPeerPublicKeyException.class);
    }
  }

  /** The same SubjectPublicKeyInfo with its y coordinate changed: a point off the curve. */
  private static byte[] notOnCurve(byte[] spki) {
    byte[] out = spki.clone();
    out[out.length - 1] ^= 1;
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = DataKeyPairSpec.class,
      names = {"SM2"},
      mode = EnumSource.Mode.EXCLUDE)
  void dataKeyPairsMatchAndTheirPrivateKeyIsSealedUnderTheVersion(DataKeyPairSpec pairSpec)
      throws Exception {
    KeyVersionRef ref = newRef();
    WrappedKey key = enclave().generateKeyVersion(ref).material();
    byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);
    Enclave.DataKeyPair pair = enclave().generateDataKeyPair(ref, key, pairSpec, aad);
    AsymmetricSpec spec = AsymmetricSpec.valueOf(pairSpec.name());
    AsymmetricPrivateKey privateKey = AsymmetricPrivateKey.fromPkcs8(spec, pair.privateKey());
    assertThat(privateKey.publicKey().encoded()).isEqualTo(pair.publicKey());
    assertThat(enclave().open(ref, key, pair.sealedPrivateKey(), aad)).isEqualTo(pair.privateKey());
    assertThat(pair.toString()).doesNotContain(HexFormat.of().formatHex(pair.privateKey()));
  }

  // --- import

  private byte[] importToken;
  private byte[] wrappingPublicKey;

  private void newImportParameters(KeyVersionRef ref, WrappingAlgorithm algorithm) {
    Enclave.ImportParameters parameters =
        enclave()
            .createImportParameters(
                ref.keyId(), WrappingKeySpec.RSA_2048, algorithm, NOW.plus(Duration.ofHours(24)));
    importToken = parameters.importToken();
    wrappingPublicKey = parameters.publicKey();
  }

  private Enclave.NewKeyVersion importAs(
      KeyVersionRef ref, KeySpec spec, WrappingAlgorithm algorithm, byte[] material) {
    newImportParameters(ref, algorithm);
    byte[] wrapped = CustomerKeyWrapping.wrap(algorithm, wrappingPublicKey, material);
    return enclave().importKeyMaterial(ref, spec, importToken, wrapped, NOW);
  }

  private static WrappingAlgorithm wrappingFor(KeySpec spec) {
    // RSA private keys are longer than OAEP carries: AWS requires RSA_AES_KEY_WRAP for them
    return spec.family() == KeySpec.Family.RSA
        ? WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256
        : WrappingAlgorithm.RSAES_OAEP_SHA_256;
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1"
      })
  void aPkcs8PrivateKeyImportsAndSignsAsItself(KeySpec spec) throws Exception {
    AsymmetricPrivateKey original =
        AsymmetricPrivateKey.generate(AsymmetricSpec.valueOf(spec.name()), RANDOM);
    KeyVersionRef ref = newRef();
    WrappingAlgorithm wrapping =
        spec == KeySpec.ECC_NIST_P521
            ? WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1
            : wrappingFor(spec);
    Enclave.NewKeyVersion imported = importAs(ref, spec, wrapping, original.pkcs8());
    assertThat(enclave().publicKey(ref, spec, imported.material()))
        .isEqualTo(original.publicKey().encoded());
    SigningAlgorithm algorithm = spec.signingAlgorithms(KeyUsage.SIGN_VERIFY).get(0);
    byte[] signature =
        enclave().sign(ref, spec, imported.material(), algorithm, MessageType.RAW, MESSAGE);
    assertThat(
            original
                .publicKey()
                .verify(
                    SignatureAlgorithm.valueOf(algorithm.name()),
                    MessageKind.RAW,
                    MESSAGE,
                    signature))
        .isTrue();
    // the same material imported again has the same id
    assertThat(importAs(ref, spec, wrapping, original.pkcs8()).materialId())
        .isEqualTo(imported.materialId());
  }

  @Test
  void aPkcs8KeyOfAnotherSpecOrCurveOrNoKeyAtAllIsRefused() {
    byte[] p384 = AsymmetricPrivateKey.generate(AsymmetricSpec.ECC_NIST_P384, RANDOM).pkcs8();
    byte[] k1 = AsymmetricPrivateKey.generate(AsymmetricSpec.ECC_SECG_P256K1, RANDOM).pkcs8();
    byte[] truncated = Arrays.copyOf(p384, p384.length - 3);
    for (byte[] material : List.of(p384, k1, truncated, new byte[32])) {
      KeyVersionRef ref = newRef();
      assertThatThrownBy(
              () ->
                  importAs(
                      ref, KeySpec.ECC_NIST_P256, WrappingAlgorithm.RSAES_OAEP_SHA_256, material))
          .isInstanceOfSatisfying(
              ImportedMaterialException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.WRONG_SPEC);
                assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(material));
              });
    }
    byte[] rsa2048 = AsymmetricPrivateKey.generate(AsymmetricSpec.RSA_2048, RANDOM).pkcs8();
    assertThatThrownBy(
            () ->
                importAs(
                    newRef(),
                    KeySpec.RSA_3072,
                    WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                    rsa2048))
        .isInstanceOfSatisfying(
            ImportedMaterialException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.WRONG_SPEC));
  }

  @Test
  void rawHmacKeysImportInAwsLengthsAndMacAsRfc2104Says() throws GeneralSecurityException {
    List<int[]> lengths = new ArrayList<>();
    lengths.add(new int[] {224, 28, 64});
    lengths.add(new int[] {256, 32, 64});
    lengths.add(new int[] {384, 48, 128});
    lengths.add(new int[] {512, 64, 128});
    for (int[] row : lengths) {
      KeySpec spec = KeySpec.valueOf("HMAC_" + row[0]);
      MacAlgorithm algorithm = MacAlgorithm.valueOf("HMAC_SHA_" + row[0]);
      for (int length : new int[] {row[1], row[2]}) {
        byte[] material = CustomerKeyWrapping.randomMaterial(length);
        KeyVersionRef ref = newRef();
        WrappedKey key =
            importAs(ref, spec, WrappingAlgorithm.RSAES_OAEP_SHA_256, material).material();
        Mac mac = Mac.getInstance("HmacSHA" + row[0]);
        mac.init(new SecretKeySpec(material, "HmacSHA" + row[0]));
        assertThat(enclave().generateMac(ref, spec, key, algorithm, MESSAGE))
            .isEqualTo(mac.doFinal(MESSAGE));
        assertThat(enclave().toString()).doesNotContain(HexFormat.of().formatHex(material));
        assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(material));
      }
      for (int length : new int[] {row[1] - 1, row[2] + 1}) {
        assertThatThrownBy(
                () ->
                    importAs(
                        newRef(),
                        spec,
                        WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                        CustomerKeyWrapping.randomMaterial(length)))
            .isInstanceOfSatisfying(
                ImportedMaterialException.class,
                e -> assertThat(e.reason()).isEqualTo(ImportedMaterialException.Reason.WRONG_SPEC));
      }
    }
  }

  @Test
  void symmetricMaterialImportsThroughTheTypedMethodAsThroughTheOldOne() {
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    KeyVersionRef ref = newRef();
    Enclave.NewKeyVersion imported =
        importAs(ref, KeySpec.SYMMETRIC_DEFAULT, WrappingAlgorithm.RSAES_OAEP_SHA_1, material);
    byte[] sealed = enclave().seal(ref, imported.material(), MESSAGE, new byte[0]);
    assertThat(enclave().open(ref, imported.material(), sealed, new byte[0])).isEqualTo(MESSAGE);
  }

  @Test
  void misuseTheCallerShouldHaveRefusedIsAnIllegalArgument() {
    KeyVersionRef ref = newRef();
    WrappedKey p256 = enclave().generateKeyVersion(ref, KeySpec.ECC_NIST_P256).material();
    assertThatThrownBy(
            () ->
                enclave()
                    .sign(
                        ref,
                        KeySpec.ECC_NIST_P256,
                        p256,
                        SigningAlgorithm.ECDSA_SHA_384,
                        MessageType.RAW,
                        MESSAGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                enclave()
                    .sign(
                        ref,
                        KeySpec.ECC_NIST_P256,
                        p256,
                        SigningAlgorithm.ECDSA_SHA_256,
                        MessageType.DIGEST,
                        new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> enclave().generateKeyVersion(newRef(), KeySpec.SM2))
        .isInstanceOf(IllegalArgumentException.class);
    KeyVersionRef hmacRef = newRef();
    WrappedKey hmac = enclave().generateKeyVersion(hmacRef, KeySpec.HMAC_256).material();
    assertThatThrownBy(
            () ->
                enclave()
                    .generateMac(
                        hmacRef, KeySpec.HMAC_256, hmac, MacAlgorithm.HMAC_SHA_512, MESSAGE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
