package dev.serverlesskms.crypto;

import java.util.EnumSet;
import java.util.Set;

/**
 * The asymmetric key specs this module implements, named exactly as AWS KMS names them on the wire
 * (KeySpec / DataKeyPairSpec), so a caller maps its own enum with {@code valueOf(name())}. SM2 is
 * not here: AWS offers it only in its China Regions.
 */
public enum AsymmetricSpec {
  RSA_2048(Family.RSA, 2048),
  RSA_3072(Family.RSA, 3072),
  RSA_4096(Family.RSA, 4096),
  ECC_NIST_P256(Family.EC_NIST, 256),
  ECC_NIST_P384(Family.EC_NIST, 384),
  ECC_NIST_P521(Family.EC_NIST, 521),
  ECC_SECG_P256K1(Family.EC_SECP256K1, 256),
  ECC_NIST_EDWARDS25519(Family.ED25519, 255),
  ML_DSA_44(Family.ML_DSA, 44),
  ML_DSA_65(Family.ML_DSA, 65),
  ML_DSA_87(Family.ML_DSA, 87);

  /** Specs that share an implementation. */
  public enum Family {
    RSA,
    /** NIST P-256, P-384, P-521 on the JDK's SunEC. */
    EC_NIST,
    /** secp256k1, which the JDK dropped (JDK 16): Bouncy Castle. */
    EC_SECP256K1,
    ED25519,
    ML_DSA
  }

  private final Family family;
  private final int size;

  AsymmetricSpec(Family family, int size) {
    this.family = family;
    this.size = size;
  }

  public Family family() {
    return family;
  }

  /**
   * RSA modulus bits, EC field bits, 255 for Ed25519, the parameter set (44, 65, 87) for ML-DSA.
   */
  public int size() {
    return size;
  }

  /** The signature algorithms a key of this spec signs with (AWS's table). */
  public Set<SignatureAlgorithm> signatureAlgorithms() {
    return switch (this) {
      case RSA_2048, RSA_3072, RSA_4096 ->
          EnumSet.of(
              SignatureAlgorithm.RSASSA_PSS_SHA_256,
              SignatureAlgorithm.RSASSA_PSS_SHA_384,
              SignatureAlgorithm.RSASSA_PSS_SHA_512,
              SignatureAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
              SignatureAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
              SignatureAlgorithm.RSASSA_PKCS1_V1_5_SHA_512);
      case ECC_NIST_P256, ECC_SECG_P256K1 -> EnumSet.of(SignatureAlgorithm.ECDSA_SHA_256);
      case ECC_NIST_P384 -> EnumSet.of(SignatureAlgorithm.ECDSA_SHA_384);
      case ECC_NIST_P521 -> EnumSet.of(SignatureAlgorithm.ECDSA_SHA_512);
      case ECC_NIST_EDWARDS25519 ->
          EnumSet.of(SignatureAlgorithm.ED25519_SHA_512, SignatureAlgorithm.ED25519_PH_SHA_512);
      case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> EnumSet.of(SignatureAlgorithm.ML_DSA_SHAKE_256);
    };
  }

  /** Whether keys of this spec encrypt (RSA-OAEP). */
  public boolean encrypts() {
    return family == Family.RSA;
  }

  /** Whether keys of this spec agree on secrets (ECDH). */
  public boolean agreesKeys() {
    return family == Family.EC_NIST;
  }
}
