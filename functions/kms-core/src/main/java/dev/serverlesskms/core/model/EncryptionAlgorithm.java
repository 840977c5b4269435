package dev.serverlesskms.core.model;

/** Encryption algorithm specs, named exactly as on the wire. */
public enum EncryptionAlgorithm {
  SYMMETRIC_DEFAULT,
  RSAES_OAEP_SHA_1,
  RSAES_OAEP_SHA_256,
  SM2PKE;
}
