package dev.serverlesskms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys and signatures made by OpenSSL (the commands are in the fixtures' make-fixtures.sh): its
 * PKCS#8 keys parse as their spec with the public key OpenSSL derived, its signatures verify here
 * (from the message and from its digest), and PKCS#1 v1.5, being deterministic, signs to exactly
 * OpenSSL's bytes.
 */
class OpenSslFixturesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = OpenSslFixturesTest.class.getResourceAsStream("openssl/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "rsa_2048, RSA_2048, rsa_2048.pkcs1_sha256.sig, RSASSA_PKCS1_V1_5_SHA_256",
    "rsa_2048, RSA_2048, rsa_2048.pkcs1_sha384.sig, RSASSA_PKCS1_V1_5_SHA_384",
    "rsa_2048, RSA_2048, rsa_2048.pkcs1_sha512.sig, RSASSA_PKCS1_V1_5_SHA_512",
    "rsa_2048, RSA_2048, rsa_2048.pss_sha256.sig, RSASSA_PSS_SHA_256",
    "rsa_2048, RSA_2048, rsa_2048.pss_sha384.sig, RSASSA_PSS_SHA_384",
    "rsa_2048, RSA_2048, rsa_2048.pss_sha512.sig, RSASSA_PSS_SHA_512",
    "rsa_3072, RSA_3072, rsa_3072.pss_sha256.sig, RSASSA_PSS_SHA_256",
    "p256, ECC_NIST_P256, p256.ecdsa_sha256.sig, ECDSA_SHA_256",
    "p384, ECC_NIST_P384, p384.ecdsa_sha384.sig, ECDSA_SHA_384",
    "p521, ECC_NIST_P521, p521.ecdsa_sha512.sig, ECDSA_SHA_512",
    "secp256k1, ECC_SECG_P256K1, secp256k1.ecdsa_sha256.sig, ECDSA_SHA_256",
    "ed25519, ECC_NIST_EDWARDS25519, ed25519.sig, ED25519_SHA_512",
  })
  void openSslKeysImportAndItsSignaturesVerify(
      String key, AsymmetricSpec spec, String signatureFile, SignatureAlgorithm algorithm)
      throws Exception {
    AsymmetricPrivateKey privateKey =
        AsymmetricPrivateKey.fromPkcs8(spec, fixture(key + ".pk8.der"));
    byte[] spki = fixture(key + ".spki.der");
    assertThat(privateKey.publicKey().encoded()).isEqualTo(spki);
    AsymmetricPublicKey publicKey = AsymmetricPublicKey.fromSubjectPublicKeyInfo(spec, spki);
    byte[] message = fixture("message.txt");
    byte[] signature = fixture(signatureFile);
    assertThat(publicKey.verify(algorithm, MessageKind.RAW, message, signature)).isTrue();
    if (algorithm != SignatureAlgorithm.ED25519_SHA_512) {
      byte[] digest = algorithm.digest().hash(message);
      assertThat(publicKey.verify(algorithm, MessageKind.DIGEST, digest, signature)).isTrue();
    }
    byte[] ours = privateKey.sign(algorithm, MessageKind.RAW, message, RANDOM);
    if (algorithm.name().startsWith("RSASSA_PKCS1")
        || algorithm == SignatureAlgorithm.ED25519_SHA_512) {
      assertThat(ours).isEqualTo(signature); // deterministic algorithms: the same bytes
    }
  }

  @Test
  void ecdhEqualsOpenSslsSharedSecret() throws Exception {
    AsymmetricPrivateKey key =
        AsymmetricPrivateKey.fromPkcs8(AsymmetricSpec.ECC_NIST_P256, fixture("p256.pk8.der"));
    assertThat(key.deriveSharedSecret(fixture("p256_peer.spki.der")))
        .isEqualTo(fixture("p256.ecdh.bin"));
  }

  @Test
  void aKeyWithExplicitCurveParametersOrOfAnotherSizeIsRefused() throws Exception {
    assertThatThrownBy(
            () ->
                AsymmetricPrivateKey.fromPkcs8(
                    AsymmetricSpec.ECC_NIST_P256, fixture("p256_explicit.pk8.der")))
        .isInstanceOf(KeyEncodingException.class)
        .hasMessageContaining("does not name its curve");
    assertThatThrownBy(
            () ->
                AsymmetricPrivateKey.fromPkcs8(
                    AsymmetricSpec.RSA_3072, fixture("rsa_2048.pk8.der")))
        .isInstanceOf(KeyEncodingException.class)
        .hasMessage("the RSA key is not of 3072 bits");
    assertThatThrownBy(
            () ->
                AsymmetricPrivateKey.fromPkcs8(
                    AsymmetricSpec.ECC_NIST_P256, fixture("secp256k1.pk8.der")))
        .isInstanceOf(KeyEncodingException.class)
        .hasMessageContaining("another curve");
  }

  /** A PKCS#8 EC key whose embedded public key is not its own is refused. */
  @Test
  void anEcKeyCarryingAnotherPublicKeyIsRefused() throws Exception {
    byte[] own = fixture("p256.pk8.der");
    byte[] peer = fixture("p256_peer.pk8.der");
    // both 121 bytes: the same layout, the public key in the last 65 bytes
    byte[] mixed = own.clone();
    System.arraycopy(peer, peer.length - 65, mixed, mixed.length - 65, 65);
    assertThatThrownBy(() -> AsymmetricPrivateKey.fromPkcs8(AsymmetricSpec.ECC_NIST_P256, mixed))
        .isInstanceOf(KeyEncodingException.class)
        .hasMessageContaining("another public key");
  }
}
