package dev.serverlesskms.core.model;

/**
 * How a customer wraps key material for import (GetParametersForImport), named exactly as on the
 * wire. RSAES_PKCS1_V1_5 is listed because clients may send it; AWS refuses it since 2023 and so
 * does this KMS.
 */
public enum WrappingAlgorithm {
  RSAES_PKCS1_V1_5,
  RSAES_OAEP_SHA_1,
  RSAES_OAEP_SHA_256,
  RSA_AES_KEY_WRAP_SHA_1,
  RSA_AES_KEY_WRAP_SHA_256,
  SM2PKE;
}
