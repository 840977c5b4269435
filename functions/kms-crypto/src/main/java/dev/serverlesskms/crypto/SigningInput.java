package dev.serverlesskms.crypto;

/**
 * What a signature algorithm accepts as its message, checked before any key is used. These are the
 * caller's rules too (AWS's), repeated here so that no misuse reaches an algorithm: a DIGEST of the
 * wrong length, or a RAW message passed off as a digest, would be signed as something else than
 * what the caller means.
 */
final class SigningInput {
  /** ML-DSA's mu (FIPS 204, section 6.2): 64 bytes. */
  static final int MU_BYTES = 64;

  private SigningInput() {}

  /**
   * @throws IllegalArgumentException if {@code spec} does not sign with {@code algorithm} or the
   *     message is not something {@code algorithm} signs as {@code kind}
   */
  static void check(
      AsymmetricSpec spec, SignatureAlgorithm algorithm, MessageKind kind, byte[] message) {
    if (!spec.signatureAlgorithms().contains(algorithm)) {
      throw new IllegalArgumentException(algorithm + " is not a signature algorithm of " + spec);
    }
    switch (kind) {
      case RAW -> {}
      case DIGEST -> {
        if (algorithm == SignatureAlgorithm.ED25519_SHA_512
            || algorithm == SignatureAlgorithm.ML_DSA_SHAKE_256) {
          throw new IllegalArgumentException(algorithm + " signs messages, not digests");
        }
        if (message.length != algorithm.digest().length()) {
          throw new IllegalArgumentException(
              algorithm + " takes a " + algorithm.digest().length() + "-byte digest");
        }
      }
      case EXTERNAL_MU -> {
        if (algorithm != SignatureAlgorithm.ML_DSA_SHAKE_256) {
          throw new IllegalArgumentException("only ML-DSA signs an external mu");
        }
        if (message.length != MU_BYTES) {
          throw new IllegalArgumentException("an external mu is " + MU_BYTES + " bytes");
        }
      }
    }
  }

  /** The digest to sign: the message's, or the message itself if it is one already. */
  static byte[] digestOf(SignatureAlgorithm algorithm, MessageKind kind, byte[] message) {
    return kind == MessageKind.DIGEST ? message : algorithm.digest().hash(message);
  }
}
