package dev.serverlesskms.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A custom key store's password (the token's user PIN, the kmsuser's password in CloudHSM) as
 * stored: sealed by the enclave side ({@code CustomKeyStoreHsm#sealPassword}), bound to its store
 * id. Opaque outside it; never printed.
 */
public final class SealedPassword {
  private final byte[] bytes;

  public SealedPassword(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a sealed password is never empty");
    }
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedPassword other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SealedPassword[" + bytes.length + " bytes]";
  }
}
