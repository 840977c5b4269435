package dev.serverlesskms.core.model;

/**
 * AWS's {@code CustomKeyStoreType}. This KMS offers AWS_CLOUDHSM stores, backed by a PKCS#11 token;
 * EXTERNAL_KEY_STORE (an XKS proxy) is refused with UnsupportedOperationException.
 */
public enum CustomKeyStoreType {
  AWS_CLOUDHSM,
  EXTERNAL_KEY_STORE
}
