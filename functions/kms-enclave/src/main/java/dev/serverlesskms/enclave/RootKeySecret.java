package dev.serverlesskms.enclave;

import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the software root key from a secret string: 32 bytes in base64, as delivered to a Lambda
 * function by Secrets Manager or an encrypted environment variable. The wiring layer reads the
 * environment and passes the value in; nothing here looks at {@code System.getenv}.
 */
public final class RootKeySecret {
  private RootKeySecret() {}

  /**
   * @param base64 standard base64 of exactly 32 bytes; surrounding whitespace is ignored
   * @throws EnclaveStartupException if the value is missing, not base64 or not 32 bytes (the
   *     message never repeats the value)
   */
  public static RootKey decode(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new EnclaveStartupException("the root key secret is empty");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new EnclaveStartupException("the root key secret is not valid base64");
    }
    if (key.length != AesGcm.KEY_BYTES) {
      int length = key.length;
      Arrays.fill(key, (byte) 0);
      throw new EnclaveStartupException(
          "the root key secret must decode to 32 bytes, got " + length);
    }
    return new SoftwareRootKey(KeyMaterial.takeOwnership(key));
  }
}
