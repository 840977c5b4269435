package dev.serverlesskms.core.model;

/**
 * Key specs. Each constant's {@link #toString()} is its wire name, which is also what is persisted:
 * these names are frozen (see {@code PersistedNamesTest}).
 */
public enum KeySpec {
  /** AES-256-GCM, 96-bit IV, 128-bit tag, per-message key derived with HKDF-SHA256. */
  SYMMETRIC_DEFAULT,
  RSA_2048,
  RSA_3072,
  RSA_4096,
  ECC_NIST_P256,
  ECC_NIST_P384,
  ECC_NIST_P521,
  ECC_SECG_P256K1,
  ECC_NIST_EDWARDS25519,
  HMAC_224,
  HMAC_256,
  HMAC_384,
  HMAC_512,
  SM2,
  ML_DSA_44,
  ML_DSA_65,
  ML_DSA_87;
}
