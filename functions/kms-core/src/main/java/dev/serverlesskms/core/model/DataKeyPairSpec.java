package dev.serverlesskms.core.model;

/** Data key pair specs for GenerateDataKeyPair*, named exactly as on the wire. */
public enum DataKeyPairSpec {
  RSA_2048,
  RSA_3072,
  RSA_4096,
  ECC_NIST_P256,
  ECC_NIST_P384,
  ECC_NIST_P521,
  ECC_SECG_P256K1,
  SM2,
  ECC_NIST_EDWARDS25519;

  /** The key spec whose key pairs this spec names (same name). */
  public KeySpec keySpec() {
    return KeySpec.valueOf(name());
  }
}
