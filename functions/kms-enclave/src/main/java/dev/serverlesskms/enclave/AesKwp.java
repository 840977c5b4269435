package dev.serverlesskms.enclave;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES Key Wrap with Padding (RFC 5649, NIST SP 800-38F KWP) on Bouncy Castle's lightweight API,
 * which needs no JCE provider and no reflection (GraalVM native friendly). Unwrap only: the enclave
 * never wraps with it, it opens what a customer wrapped for import ({@link ImportUnwrapper}). The
 * self-tests check this exact implementation against the RFC's vectors.
 */
final class AesKwp {
  /** The shortest wrapped input: one 64-bit integrity block and one 64-bit data block. */
  static final int MIN_WRAPPED_BYTES = 16;

  private AesKwp() {}

  /**
   * Unwraps {@code input[offset, offset + length)} under {@code key} (an AES key of 16, 24 or 32
   * bytes, not modified). The caller owns (and zeroizes) the result.
   *
   * @throws InvalidCipherTextException if the input is malformed or its integrity check fails
   */
  static byte[] unwrap(byte[] key, byte[] input, int offset, int length)
      throws InvalidCipherTextException {
    if (length < MIN_WRAPPED_BYTES || length % 8 != 0) {
      throw new InvalidCipherTextException("not an AES-KWP wrapped key");
    }
    KeyParameter keyParameter = new KeyParameter(key); // a copy, wiped below through getKey()
    try {
      RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
      engine.init(false, keyParameter);
      return engine.unwrap(input, offset, length);
    } finally {
      Arrays.fill(keyParameter.getKey(), (byte) 0);
    }
  }
}
