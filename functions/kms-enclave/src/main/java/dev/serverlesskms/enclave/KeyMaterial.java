package dev.serverlesskms.enclave;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Secret bytes inside the enclave (root key, version keys). Package-private, so no code outside the
 * enclave can hold one, and {@link #toString} shows only the length. {@link #close} overwrites the
 * bytes with zeros; use it in try-with-resources so every copy is wiped when its user is done.
 *
 * <p>{@link #bytes} hands out the backing array itself, not a copy, so that no untracked copies of
 * the secret pile up on the heap: read it inside the try block and never keep it.
 */
final class KeyMaterial implements AutoCloseable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private KeyMaterial(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps {@code bytes} without copying: the caller gives up the array, which {@link #close} wipes.
   */
  static KeyMaterial takeOwnership(byte[] bytes) {
    return new KeyMaterial(bytes);
  }

  static KeyMaterial random(int length, SecureRandom random) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new KeyMaterial(bytes);
  }

  /**
   * The secret bytes (the backing array).
   *
   * @throws IllegalStateException after {@link #close}
   */
  byte[] bytes() {
    if (destroyed) {
      throw new IllegalStateException("key material was destroyed");
    }
    return bytes;
  }

  int length() {
    return bytes.length;
  }

  /** An independent copy, with its own lifetime. */
  KeyMaterial copy() {
    return new KeyMaterial(bytes().clone());
  }

  @Override
  public void close() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + bytes.length + " bytes, redacted]";
  }
}
