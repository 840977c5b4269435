package dev.serverlesskms.core.model;

/**
 * What the {@code Message} of Sign and Verify is: the message itself (RAW), its digest (DIGEST), or
 * for ML-DSA the 64-byte external mu (EXTERNAL_MU, FIPS 204 section 6.2).
 */
public enum MessageType {
  RAW,
  DIGEST,
  EXTERNAL_MU;
}
