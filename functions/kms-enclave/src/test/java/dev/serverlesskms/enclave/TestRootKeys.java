package dev.serverlesskms.enclave;

import java.util.Arrays;
import java.util.Base64;

/**
 * Software root keys with known bytes, for tests that check formats against an independent decoder.
 */
final class TestRootKeys {
  private TestRootKeys() {}

  /** 32 bytes, all {@code fill}. */
  static byte[] bytes(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  static RootKey software(int fill) {
    return RootKeySecret.decode(Base64.getEncoder().encodeToString(bytes(fill)));
  }
}
