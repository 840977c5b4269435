package dev.serverlesskms.core.model;

/** Key usages, named exactly as on the wire (frozen persisted names). */
public enum KeyUsage {
  ENCRYPT_DECRYPT,
  SIGN_VERIFY,
  GENERATE_VERIFY_MAC,
  KEY_AGREEMENT;
}
