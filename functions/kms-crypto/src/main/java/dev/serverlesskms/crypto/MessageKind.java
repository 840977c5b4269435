package dev.serverlesskms.crypto;

/**
 * What a message to sign or verify is (AWS's MessageType): the message itself, its digest (signed
 * as given, never hashed again), or ML-DSA's 64-byte external mu (FIPS 204, section 6.2).
 */
public enum MessageKind {
  RAW,
  DIGEST,
  EXTERNAL_MU
}
