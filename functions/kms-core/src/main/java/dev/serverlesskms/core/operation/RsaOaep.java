package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeySpec;

/** RSAES-OAEP's plaintext limit (RFC 8017, 7.1.1): modulus bytes - 2 * hash bytes - 2. */
final class RsaOaep {
  private RsaOaep() {}

  /**
   * The most bytes {@code algorithm} encrypts under an RSA key of {@code spec}: 214/190 (RSA_2048,
   * SHA-1/SHA-256), 342/318 (RSA_3072), 470/446 (RSA_4096), AWS's table.
   */
  static int maxPlaintextBytes(KeySpec spec, EncryptionAlgorithm algorithm) {
    int hashBytes =
        switch (algorithm) {
          case RSAES_OAEP_SHA_1 -> 20;
          case RSAES_OAEP_SHA_256 -> 32;
          default -> throw new IllegalArgumentException(algorithm + " is not RSAES-OAEP");
        };
    return spec.size() / 8 - 2 * hashBytes - 2;
  }
}
