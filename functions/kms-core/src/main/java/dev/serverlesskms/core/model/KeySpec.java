package dev.serverlesskms.core.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Key specs, with AWS's rules for each: the key usages it may have, and the algorithms of each
 * usage that DescribeKey and GetPublicKey list. Each constant's {@link #toString()} is its wire
 * name, which is also what is persisted: these names are frozen (see {@code PersistedNamesTest}).
 *
 * <p>SM2 is listed because it is a wire name AWS defines; AWS offers it only in its China Regions,
 * and this KMS refuses to create it (see {@link #offered()}).
 */
public enum KeySpec {
  /** AES-256-GCM, 96-bit IV, 128-bit tag, per-message key derived with HKDF-SHA256. */
  SYMMETRIC_DEFAULT(Family.SYMMETRIC, 256),
  RSA_2048(Family.RSA, 2048),
  RSA_3072(Family.RSA, 3072),
  RSA_4096(Family.RSA, 4096),
  ECC_NIST_P256(Family.ECC_NIST, 256),
  ECC_NIST_P384(Family.ECC_NIST, 384),
  ECC_NIST_P521(Family.ECC_NIST, 521),
  ECC_SECG_P256K1(Family.ECC_SECG, 256),
  ECC_NIST_EDWARDS25519(Family.EDWARDS, 255),
  HMAC_224(Family.HMAC, 224),
  HMAC_256(Family.HMAC, 256),
  HMAC_384(Family.HMAC, 384),
  HMAC_512(Family.HMAC, 512),
  SM2(Family.SM2, 256),
  ML_DSA_44(Family.ML_DSA, 44),
  ML_DSA_65(Family.ML_DSA, 65),
  ML_DSA_87(Family.ML_DSA, 87);

  /** Kinds of key spec that share their rules. */
  public enum Family {
    SYMMETRIC,
    RSA,
    ECC_NIST,
    ECC_SECG,
    EDWARDS,
    HMAC,
    SM2,
    ML_DSA
  }

  private final Family family;
  private final int size;

  KeySpec(Family family, int size) {
    this.family = family;
    this.size = size;
  }

  public Family family() {
    return family;
  }

  /**
   * The spec's size: key bits for AES, RSA, ECC and HMAC (the HMAC key length is the digest
   * length), the parameter set for ML-DSA (44, 65, 87).
   */
  public int size() {
    return size;
  }

  /** Asymmetric: has a public key (GetPublicKey), i.e. neither symmetric nor HMAC. */
  public boolean isAsymmetric() {
    return family != Family.SYMMETRIC && family != Family.HMAC;
  }

  public boolean isHmac() {
    return family == Family.HMAC;
  }

  /** Whether this KMS creates keys of this spec (every spec but SM2, a China Regions spec). */
  public boolean offered() {
    return family != Family.SM2;
  }

  /** The key usages a key of this spec may have. */
  public Set<KeyUsage> allowedUsages() {
    return switch (family) {
      case SYMMETRIC -> EnumSet.of(KeyUsage.ENCRYPT_DECRYPT);
      case RSA -> EnumSet.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
      case ECC_NIST -> EnumSet.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT);
      case ECC_SECG, EDWARDS, ML_DSA -> EnumSet.of(KeyUsage.SIGN_VERIFY);
      case HMAC -> EnumSet.of(KeyUsage.GENERATE_VERIFY_MAC);
      case SM2 ->
          EnumSet.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT);
    };
  }

  /** DescribeKey's EncryptionAlgorithms for a key of this spec and usage (empty: omitted). */
  public List<EncryptionAlgorithm> encryptionAlgorithms(KeyUsage usage) {
    if (usage != KeyUsage.ENCRYPT_DECRYPT) {
      return List.of();
    }
    return switch (family) {
      case SYMMETRIC -> List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
      case RSA ->
          List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
      case SM2 -> List.of(EncryptionAlgorithm.SM2PKE);
      default -> List.of();
    };
  }

  /** DescribeKey's SigningAlgorithms for a key of this spec and usage (empty: omitted). */
  public List<SigningAlgorithm> signingAlgorithms(KeyUsage usage) {
    if (usage != KeyUsage.SIGN_VERIFY) {
      return List.of();
    }
    return switch (this) {
      case RSA_2048, RSA_3072, RSA_4096 ->
          List.of(
              SigningAlgorithm.RSASSA_PSS_SHA_256,
              SigningAlgorithm.RSASSA_PSS_SHA_384,
              SigningAlgorithm.RSASSA_PSS_SHA_512,
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
              SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512);
      case ECC_NIST_P256, ECC_SECG_P256K1 -> List.of(SigningAlgorithm.ECDSA_SHA_256);
      case ECC_NIST_P384 -> List.of(SigningAlgorithm.ECDSA_SHA_384);
      case ECC_NIST_P521 -> List.of(SigningAlgorithm.ECDSA_SHA_512);
      case ECC_NIST_EDWARDS25519 ->
          List.of(SigningAlgorithm.ED25519_SHA_512, SigningAlgorithm.ED25519_PH_SHA_512);
      case SM2 -> List.of(SigningAlgorithm.SM2DSA);
      case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> List.of(SigningAlgorithm.ML_DSA_SHAKE_256);
      default -> List.of();
    };
  }

  /** DescribeKey's MacAlgorithms for a key of this spec and usage (empty: omitted). */
  public List<MacAlgorithm> macAlgorithms(KeyUsage usage) {
    if (usage != KeyUsage.GENERATE_VERIFY_MAC) {
      return List.of();
    }
    return switch (this) {
      case HMAC_224 -> List.of(MacAlgorithm.HMAC_SHA_224);
      case HMAC_256 -> List.of(MacAlgorithm.HMAC_SHA_256);
      case HMAC_384 -> List.of(MacAlgorithm.HMAC_SHA_384);
      case HMAC_512 -> List.of(MacAlgorithm.HMAC_SHA_512);
      default -> List.of();
    };
  }

  /** DescribeKey's KeyAgreementAlgorithms for a key of this spec and usage (empty: omitted). */
  public List<KeyAgreementAlgorithm> keyAgreementAlgorithms(KeyUsage usage) {
    return usage == KeyUsage.KEY_AGREEMENT && (family == Family.ECC_NIST || family == Family.SM2)
        ? List.of(KeyAgreementAlgorithm.ECDH)
        : List.of();
  }
}
