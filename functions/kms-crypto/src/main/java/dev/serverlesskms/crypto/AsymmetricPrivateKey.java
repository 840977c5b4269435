package dev.serverlesskms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A private key of one {@link AsymmetricSpec}, parsed and ready to use; immutable and thread-safe,
 * so an enclave may cache it. It is made only by {@link #generate} or from PKCS#8 ({@link
 * #fromPkcs8}, which checks it is exactly of the spec), and leaves only as PKCS#8 ({@link #pkcs8}),
 * for the enclave to wrap. {@code toString} names the spec, never the key.
 *
 * <p>The JDK's providers do what they have (RSA, NIST curves, Ed25519, ECDH); Bouncy Castle's
 * lightweight API, never registered as a JCA provider, does what Java 17 lacks: secp256k1, ML-DSA,
 * RSA-PSS and Ed25519ph over a digest given, and the point arithmetic that derives a public key.
 */
public abstract sealed class AsymmetricPrivateKey
    permits RsaKeys.Private,
        NistEcKeys.Private,
        Secp256k1Keys.Private,
        Ed25519Keys.Private,
        MlDsaKeys.Private {
  private static final byte[] PAIRWISE_MESSAGE =
      "serverless-kms/pairwise-consistency".getBytes(StandardCharsets.US_ASCII);

  private final AsymmetricSpec spec;

  AsymmetricPrivateKey(AsymmetricSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** A fresh key pair of {@code spec}. */
  public static AsymmetricPrivateKey generate(AsymmetricSpec spec, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return switch (spec.family()) {
      case RSA -> RsaKeys.generate(spec, random);
      case EC_NIST -> NistEcKeys.generate(spec, random);
      case EC_SECP256K1 -> Secp256k1Keys.generate(random);
      case ED25519 -> Ed25519Keys.generate(random);
      case ML_DSA -> MlDsaKeys.generate(spec, random);
    };
  }

  /**
   * Parses a PKCS#8 (DER) private key and checks that it is of {@code spec}: algorithm, RSA modulus
   * size, named curve, a private scalar in range, an embedded public key (if any) that matches.
   * Then signs and verifies once (a pairwise consistency test), so a key with inconsistent parts is
   * refused here rather than producing wrong signatures later.
   *
   * @throws KeyEncodingException if it does not parse, is not of {@code spec} or is inconsistent
   */
  public static AsymmetricPrivateKey fromPkcs8(AsymmetricSpec spec, byte[] pkcs8)
      throws KeyEncodingException {
    AsymmetricPrivateKey key = fromStoredPkcs8(spec, pkcs8);
    if (!key.passesPairwiseTest()) {
      throw new KeyEncodingException(
          "the private key is inconsistent (its signature does not verify under its public key)");
    }
    return key;
  }

  /**
   * As {@link #fromPkcs8} without the pairwise test, for PKCS#8 an enclave stored itself
   * (authenticated under its root key), which was tested when it was generated or imported: the
   * test would only cost a signature at every unwrap.
   */
  public static AsymmetricPrivateKey fromStoredPkcs8(AsymmetricSpec spec, byte[] pkcs8)
      throws KeyEncodingException {
    Objects.requireNonNull(pkcs8, "pkcs8");
    return switch (spec.family()) {
      case RSA -> RsaKeys.fromPkcs8(spec, pkcs8);
      case EC_NIST -> NistEcKeys.fromPkcs8(spec, pkcs8);
      case EC_SECP256K1 -> Secp256k1Keys.fromPkcs8(spec, pkcs8);
      case ED25519 -> Ed25519Keys.fromPkcs8(spec, pkcs8);
      case ML_DSA -> MlDsaKeys.fromPkcs8(spec, pkcs8);
    };
  }

  public final AsymmetricSpec spec() {
    return spec;
  }

  /** The key as PKCS#8 DER, a new array the caller owns (and should wipe when done). */
  public abstract byte[] pkcs8();

  public abstract AsymmetricPublicKey publicKey();

  /**
   * Signs {@code message} as {@code kind}: RAW is hashed with the algorithm's digest (Ed25519 and
   * ML-DSA sign it whole), DIGEST is signed as given, EXTERNAL_MU is ML-DSA's mu.
   *
   * @return the signature as AWS KMS returns it: DER for ECDSA, raw bytes for the others
   * @throws IllegalArgumentException if this key's spec does not sign with {@code algorithm}, or
   *     the message is not one {@code algorithm} signs as {@code kind}
   */
  public final byte[] sign(
      SignatureAlgorithm algorithm, MessageKind kind, byte[] message, SecureRandom random) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(random, "random");
    SigningInput.check(spec, algorithm, kind, message);
    return signChecked(algorithm, kind, message, random);
  }

  abstract byte[] signChecked(
      SignatureAlgorithm algorithm, MessageKind kind, byte[] message, SecureRandom random);

  /**
   * RSAES-OAEP decryption.
   *
   * @throws DecryptionFailedException if the ciphertext does not decrypt under this key with {@code
   *     algorithm}
   * @throws IllegalArgumentException if this is not an RSA key
   */
  public byte[] decrypt(OaepAlgorithm algorithm, byte[] ciphertext)
      throws DecryptionFailedException {
    throw new IllegalArgumentException(spec + " keys do not decrypt");
  }

  /**
   * ECDH with a peer's public key on the same curve.
   *
   * @param peerPublicKey X.509 SubjectPublicKeyInfo, DER
   * @return the raw shared secret: the x coordinate of the shared point, field-size bytes
   * @throws KeyEncodingException if the peer key does not parse, is on another curve or is not a
   *     valid point
   * @throws IllegalArgumentException if this is not a NIST curve key
   */
  public byte[] deriveSharedSecret(byte[] peerPublicKey) throws KeyEncodingException {
    throw new IllegalArgumentException(spec + " keys do not agree on secrets");
  }

  /** Signs a fixed message with the spec's first algorithm and verifies it with the public key. */
  final boolean passesPairwiseTest() {
    SignatureAlgorithm algorithm = spec.signatureAlgorithms().iterator().next();
    byte[] signature = sign(algorithm, MessageKind.RAW, PAIRWISE_MESSAGE, new SecureRandom());
    return publicKey().verify(algorithm, MessageKind.RAW, PAIRWISE_MESSAGE, signature);
  }

  @Override
  public final String toString() {
    return "AsymmetricPrivateKey[" + spec + ", redacted]";
  }
}
