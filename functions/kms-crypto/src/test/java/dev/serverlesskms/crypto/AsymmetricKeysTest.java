package dev.serverlesskms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AsymmetricKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = "the message".getBytes(StandardCharsets.UTF_8);
  private static final Map<AsymmetricSpec, AsymmetricPrivateKey> KEYS =
      new EnumMap<>(AsymmetricSpec.class);

  @BeforeAll
  static void generateOneKeyPerSpec() {
    for (AsymmetricSpec spec : AsymmetricSpec.values()) {
      KEYS.put(spec, AsymmetricPrivateKey.generate(spec, RANDOM));
    }
  }

  static List<Arguments> specsAndAlgorithms() {
    List<Arguments> out = new ArrayList<>();
    for (AsymmetricSpec spec : AsymmetricSpec.values()) {
      for (SignatureAlgorithm algorithm : spec.signatureAlgorithms()) {
        out.add(Arguments.of(spec, algorithm));
      }
    }
    return out;
  }

  private static List<MessageKind> kindsOf(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519_SHA_512 -> List.of(MessageKind.RAW);
      case ML_DSA_SHAKE_256 -> List.of(MessageKind.RAW, MessageKind.EXTERNAL_MU);
      default -> List.of(MessageKind.RAW, MessageKind.DIGEST);
    };
  }

  private static byte[] messageOf(SignatureAlgorithm algorithm, MessageKind kind) {
    return switch (kind) {
      case RAW -> MESSAGE;
      case DIGEST -> algorithm.digest().hash(MESSAGE);
      case EXTERNAL_MU -> algorithm.digest().hash(MESSAGE); // 64 bytes, a stand-in for mu
    };
  }

  @ParameterizedTest
  @MethodSource("specsAndAlgorithms")
  void everySignatureVerifiesAndAnAlteredOneDoesNot(
      AsymmetricSpec spec, SignatureAlgorithm algorithm) {
    AsymmetricPrivateKey key = KEYS.get(spec);
    for (MessageKind kind : kindsOf(algorithm)) {
      byte[] message = messageOf(algorithm, kind);
      byte[] signature = key.sign(algorithm, kind, message, RANDOM);
      assertThat(key.publicKey().verify(algorithm, kind, message, signature))
          .as("%s %s %s", spec, algorithm, kind)
          .isTrue();
      byte[] altered = signature.clone();
      altered[altered.length / 2] ^= 0x01;
      assertThat(key.publicKey().verify(algorithm, kind, message, altered)).isFalse();
      byte[] otherMessage = message.clone();
      otherMessage[0] ^= 0x01;
      assertThat(key.publicKey().verify(algorithm, kind, otherMessage, signature)).isFalse();
      assertThat(key.publicKey().verify(algorithm, kind, message, new byte[0])).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("specsAndAlgorithms")
  void aDigestSignatureIsTheSignatureOfTheMessage(
      AsymmetricSpec spec, SignatureAlgorithm algorithm) {
    if (!kindsOf(algorithm).contains(MessageKind.DIGEST)) {
      return;
    }
    AsymmetricPrivateKey key = KEYS.get(spec);
    byte[] digest = algorithm.digest().hash(MESSAGE);
    byte[] ofRaw = key.sign(algorithm, MessageKind.RAW, MESSAGE, RANDOM);
    byte[] ofDigest = key.sign(algorithm, MessageKind.DIGEST, digest, RANDOM);
    assertThat(key.publicKey().verify(algorithm, MessageKind.DIGEST, digest, ofRaw)).isTrue();
    assertThat(key.publicKey().verify(algorithm, MessageKind.RAW, MESSAGE, ofDigest)).isTrue();
  }

  @Test
  void mlDsaExternalMuIsTheMuOfTheRawMessage() throws Exception {
    for (AsymmetricSpec spec :
        List.of(AsymmetricSpec.ML_DSA_44, AsymmetricSpec.ML_DSA_65, AsymmetricSpec.ML_DSA_87)) {
      AsymmetricPrivateKey key = KEYS.get(spec);
      // mu = SHAKE256(tr || M'), tr = SHAKE256(pk, 64), M' = 0 || 0 || M (pure, empty context)
      byte[] mu = MlDsaMu.of(key.publicKey().encoded(), MESSAGE);
      byte[] ofMu =
          key.sign(SignatureAlgorithm.ML_DSA_SHAKE_256, MessageKind.EXTERNAL_MU, mu, RANDOM);
      assertThat(
              key.publicKey()
                  .verify(SignatureAlgorithm.ML_DSA_SHAKE_256, MessageKind.RAW, MESSAGE, ofMu))
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(AsymmetricSpec.class)
  void pkcs8AndSubjectPublicKeyInfoRoundTrip(AsymmetricSpec spec) throws Exception {
    AsymmetricPrivateKey key = KEYS.get(spec);
    AsymmetricPrivateKey parsed = AsymmetricPrivateKey.fromPkcs8(spec, key.pkcs8());
    assertThat(parsed.publicKey().encoded()).isEqualTo(key.publicKey().encoded());
    assertThat(parsed.pkcs8()).isEqualTo(key.pkcs8());
    AsymmetricPublicKey publicKey =
        AsymmetricPublicKey.fromSubjectPublicKeyInfo(spec, key.publicKey().encoded());
    assertThat(publicKey.encoded()).isEqualTo(key.publicKey().encoded());
    SignatureAlgorithm algorithm = spec.signatureAlgorithms().iterator().next();
    assertThat(
            publicKey.verify(
                algorithm,
                MessageKind.RAW,
                MESSAGE,
                parsed.sign(algorithm, MessageKind.RAW, MESSAGE, RANDOM)))
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(AsymmetricSpec.class)
  void aKeyOfAnotherSpecIsRefused(AsymmetricSpec spec) {
    for (AsymmetricSpec other : AsymmetricSpec.values()) {
      if (other == spec) {
        continue;
      }
      assertThatThrownBy(() -> AsymmetricPrivateKey.fromPkcs8(other, KEYS.get(spec).pkcs8()))
          .as("%s as %s", spec, other)
          .isInstanceOf(KeyEncodingException.class);
      assertThatThrownBy(
              () ->
                  AsymmetricPublicKey.fromSubjectPublicKeyInfo(
                      other, KEYS.get(spec).publicKey().encoded()))
          .isInstanceOf(KeyEncodingException.class);
    }
  }

  @Test
  void garbageIsNotAKey() {
    for (AsymmetricSpec spec : AsymmetricSpec.values()) {
      for (byte[] garbage : List.of(new byte[0], new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})) {
        assertThatThrownBy(() -> AsymmetricPrivateKey.fromPkcs8(spec, garbage))
            .isInstanceOf(KeyEncodingException.class);
      }
      byte[] trailing = KEYS.get(spec).pkcs8();
      byte[] longer = java.util.Arrays.copyOf(trailing, trailing.length + 1);
      assertThatThrownBy(() -> AsymmetricPrivateKey.fromPkcs8(spec, longer))
          .isInstanceOf(KeyEncodingException.class);
    }
  }

  @Test
  void misuseIsRefusedBeforeAnyKeyIsUsed() {
    AsymmetricPrivateKey p256 = KEYS.get(AsymmetricSpec.ECC_NIST_P256);
    assertThatThrownBy(
            () -> p256.sign(SignatureAlgorithm.ECDSA_SHA_384, MessageKind.RAW, MESSAGE, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> p256.sign(SignatureAlgorithm.ECDSA_SHA_256, MessageKind.DIGEST, MESSAGE, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                p256.sign(
                    SignatureAlgorithm.ECDSA_SHA_256,
                    MessageKind.EXTERNAL_MU,
                    new byte[64],
                    RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    AsymmetricPrivateKey ed = KEYS.get(AsymmetricSpec.ECC_NIST_EDWARDS25519);
    assertThatThrownBy(
            () ->
                ed.sign(
                    SignatureAlgorithm.ED25519_SHA_512, MessageKind.DIGEST, new byte[64], RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    AsymmetricPrivateKey mldsa = KEYS.get(AsymmetricSpec.ML_DSA_44);
    assertThatThrownBy(
            () ->
                mldsa.sign(
                    SignatureAlgorithm.ML_DSA_SHAKE_256,
                    MessageKind.EXTERNAL_MU,
                    new byte[32],
                    RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p256.decrypt(OaepAlgorithm.RSAES_OAEP_SHA_256, new byte[256]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ed.deriveSharedSecret(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = AsymmetricSpec.class,
      names = {"RSA_2048", "RSA_3072", "RSA_4096"})
  void rsaOaepRoundTripsUpToItsLimit(AsymmetricSpec spec) throws Exception {
    AsymmetricPrivateKey key = KEYS.get(spec);
    for (OaepAlgorithm algorithm : OaepAlgorithm.values()) {
      byte[] plaintext = new byte[algorithm.maxPlaintextBytes(spec.size())];
      RANDOM.nextBytes(plaintext);
      byte[] ciphertext = key.publicKey().encrypt(algorithm, plaintext, RANDOM);
      assertThat(key.decrypt(algorithm, ciphertext)).isEqualTo(plaintext);
      assertThatThrownBy(
              () -> key.publicKey().encrypt(algorithm, new byte[plaintext.length + 1], RANDOM))
          .isInstanceOf(IllegalArgumentException.class);
      OaepAlgorithm other =
          algorithm == OaepAlgorithm.RSAES_OAEP_SHA_1
              ? OaepAlgorithm.RSAES_OAEP_SHA_256
              : OaepAlgorithm.RSAES_OAEP_SHA_1;
      assertThatThrownBy(() -> key.decrypt(other, ciphertext))
          .isInstanceOf(DecryptionFailedException.class);
      ciphertext[10] ^= 1;
      assertThatThrownBy(() -> key.decrypt(algorithm, ciphertext))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = AsymmetricSpec.class,
      names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"})
  void ecdhGivesBothSidesTheSameSecret(AsymmetricSpec spec) throws Exception {
    AsymmetricPrivateKey alice = KEYS.get(spec);
    AsymmetricPrivateKey bob = AsymmetricPrivateKey.generate(spec, RANDOM);
    byte[] secret = alice.deriveSharedSecret(bob.publicKey().encoded());
    assertThat(secret).isEqualTo(bob.deriveSharedSecret(alice.publicKey().encoded()));
    assertThat(secret).hasSize((spec.size() + 7) / 8);
    for (AsymmetricSpec other :
        List.of(
            AsymmetricSpec.ECC_NIST_P256,
            AsymmetricSpec.ECC_NIST_P384,
            AsymmetricSpec.ECC_SECG_P256K1)) {
      if (other != spec) {
        assertThatThrownBy(() -> alice.deriveSharedSecret(KEYS.get(other).publicKey().encoded()))
            .isInstanceOf(KeyEncodingException.class);
      }
    }
  }

  @Test
  void toStringNamesTheSpecOnly() {
    AsymmetricPrivateKey key = KEYS.get(AsymmetricSpec.ECC_NIST_P256);
    assertThat(key.toString()).isEqualTo("AsymmetricPrivateKey[ECC_NIST_P256, redacted]");
  }
}
