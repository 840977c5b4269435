package dev.serverlesskms.core.model;

/**
 * The algorithm a Nitro Enclaves / NitroTPM recipient's public key takes (KeyEncryptionMechanism),
 * named exactly as on the wire.
 */
public enum KeyEncryptionMechanism {
  RSAES_OAEP_SHA_256;
}
