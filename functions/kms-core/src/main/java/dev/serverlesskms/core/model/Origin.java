package dev.serverlesskms.core.model;

/** Where a key's material comes from, named exactly as on the wire (frozen persisted names). */
public enum Origin {
  AWS_KMS,
  EXTERNAL,
  AWS_CLOUDHSM,
  EXTERNAL_KEY_STORE;
}
