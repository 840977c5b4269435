package dev.serverlesskms.enclave;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The wrapped form of every root key, written once: {@code nonce(12) || ciphertext || tag(16)},
 * AES-256-GCM with a fresh random nonce per wrap. Root keys differ only in where the AES-GCM runs
 * (in process, or inside a PKCS#11 token); they hand that to {@link #wrap} and {@link #unwrap} as a
 * {@link Seal} and an {@link Open}, and this class owns the nonce, the layout and the length
 * checks, so the two can never drift apart and a key version wrapped under one layout always
 * unwraps.
 *
 * <p>Random 96-bit nonces are safe here because one root key wraps few messages (one per key
 * version and import token), far below the 2^32 messages NIST SP 800-38D allows per key with random
 * nonces.
 */
final class RootKeyFraming {
  static final int NONCE_BYTES = AesGcm.IV_BYTES;
  static final int TAG_BYTES = AesGcm.TAG_BYTES;

  /** AES-256-GCM encryption under the root key: returns {@code ciphertext || tag}. */
  @FunctionalInterface
  interface Seal {
    byte[] seal(byte[] nonce, byte[] plaintext, byte[] aad);
  }

  /** AES-256-GCM decryption under the root key of {@code input[offset, offset + length)}. */
  @FunctionalInterface
  interface Open {
    /**
     * @throws RootKeyUnwrapException if the tag does not verify
     */
    byte[] open(byte[] nonce, byte[] input, int offset, int length, byte[] aad)
        throws RootKeyUnwrapException;
  }

  private final Consumer<byte[]> nonces;

  /** Fills each nonce from its own {@link SecureRandom}. */
  RootKeyFraming() {
    this(new SecureRandom()::nextBytes);
  }

  /**
   * @param nonces fills a nonce array; only tests pass anything but a {@link SecureRandom}
   */
  RootKeyFraming(Consumer<byte[]> nonces) {
    this.nonces = nonces;
  }

  /**
   * @return {@code nonce(12) || ciphertext || tag(16)}
   */
  byte[] wrap(Seal seal, byte[] material, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    nonces.accept(nonce);
    byte[] sealed = seal.seal(nonce, material, aad);
    byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return out;
  }

  /**
   * @throws RootKeyUnwrapException if {@code wrapped} is too short to hold a nonce and a tag, or
   *     does not authenticate
   */
  byte[] unwrap(Open open, byte[] wrapped, byte[] aad) throws RootKeyUnwrapException {
    if (wrapped.length < NONCE_BYTES + TAG_BYTES) {
      throw new RootKeyUnwrapException();
    }
    byte[] nonce = Arrays.copyOf(wrapped, NONCE_BYTES);
    return open.open(nonce, wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES, aad);
  }
}
