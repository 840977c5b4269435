package dev.serverlesskms.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/** The public half of an {@link AsymmetricPrivateKey}; immutable and thread-safe. */
public abstract sealed class AsymmetricPublicKey
    permits RsaKeys.Public,
        NistEcKeys.Public,
        Secp256k1Keys.Public,
        Ed25519Keys.Public,
        MlDsaKeys.Public {
  private final AsymmetricSpec spec;

  AsymmetricPublicKey(AsymmetricSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /**
   * Parses an X.509 SubjectPublicKeyInfo (DER) and checks it is of {@code spec}.
   *
   * @throws KeyEncodingException if it does not parse, is not of {@code spec} or (EC) is not a
   *     point on the curve
   */
  public static AsymmetricPublicKey fromSubjectPublicKeyInfo(AsymmetricSpec spec, byte[] der)
      throws KeyEncodingException {
    Objects.requireNonNull(der, "der");
    return switch (spec.family()) {
      case RSA -> RsaKeys.publicFromSpki(spec, der);
      case EC_NIST -> NistEcKeys.publicFromSpki(spec, der);
      case EC_SECP256K1 -> Secp256k1Keys.publicFromSpki(spec, der);
      case ED25519 -> Ed25519Keys.publicFromSpki(spec, der);
      case ML_DSA -> MlDsaKeys.publicFromSpki(spec, der);
    };
  }

  public final AsymmetricSpec spec() {
    return spec;
  }

  /** X.509 SubjectPublicKeyInfo, DER (a new array). */
  public abstract byte[] encoded();

  /**
   * Whether {@code signature} is this key's signature of {@code message} as {@code kind}. A
   * malformed signature is not valid: false, never an exception.
   *
   * @throws IllegalArgumentException as {@link AsymmetricPrivateKey#sign} for the same misuse
   */
  public final boolean verify(
      SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    SigningInput.check(spec, algorithm, kind, message);
    return verifyChecked(algorithm, kind, message, signature);
  }

  abstract boolean verifyChecked(
      SignatureAlgorithm algorithm, MessageKind kind, byte[] message, byte[] signature);

  /**
   * RSAES-OAEP encryption.
   *
   * @throws IllegalArgumentException if this is not an RSA key, or the plaintext is longer than
   *     {@link OaepAlgorithm#maxPlaintextBytes} for it
   */
  public byte[] encrypt(OaepAlgorithm algorithm, byte[] plaintext, SecureRandom random) {
    throw new IllegalArgumentException(spec + " keys do not encrypt");
  }

  @Override
  public String toString() {
    return "AsymmetricPublicKey[" + spec + "]";
  }
}
