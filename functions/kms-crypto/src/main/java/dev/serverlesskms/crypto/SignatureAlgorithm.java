package dev.serverlesskms.crypto;

/**
 * Signature algorithms, named exactly as AWS KMS's SigningAlgorithmSpec (SM2DSA aside), with the
 * digest each one signs.
 */
public enum SignatureAlgorithm {
  RSASSA_PSS_SHA_256(Digest.SHA_256),
  RSASSA_PSS_SHA_384(Digest.SHA_384),
  RSASSA_PSS_SHA_512(Digest.SHA_512),
  RSASSA_PKCS1_V1_5_SHA_256(Digest.SHA_256),
  RSASSA_PKCS1_V1_5_SHA_384(Digest.SHA_384),
  RSASSA_PKCS1_V1_5_SHA_512(Digest.SHA_512),
  ECDSA_SHA_256(Digest.SHA_256),
  ECDSA_SHA_384(Digest.SHA_384),
  ECDSA_SHA_512(Digest.SHA_512),
  /** Pure Ed25519 (RFC 8032) of the message itself: RAW only. */
  ED25519_SHA_512(Digest.SHA_512),
  /** Ed25519ph (RFC 8032, empty context) of the message's SHA-512. */
  ED25519_PH_SHA_512(Digest.SHA_512),
  /** ML-DSA (FIPS 204), pure, empty context; SHAKE-256 is its internal hash (mu). */
  ML_DSA_SHAKE_256(Digest.SHAKE_256);

  private final Digest digest;

  SignatureAlgorithm(Digest digest) {
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
