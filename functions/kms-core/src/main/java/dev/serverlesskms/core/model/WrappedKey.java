package dev.serverlesskms.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key version's material as the enclave hands it out: encrypted under the enclave's root key and
 * bound to its key id and version. Opaque outside the enclave; safe to store and to log the length
 * of.
 */
public final class WrappedKey {
  private final byte[] bytes;

  public WrappedKey(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a wrapped key is never empty");
    }
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "WrappedKey[" + bytes.length + " bytes]";
  }
}
