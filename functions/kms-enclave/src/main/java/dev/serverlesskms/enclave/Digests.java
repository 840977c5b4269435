package dev.serverlesskms.enclave;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SHA-256 family on the JDK (SUN and SunJCE, whose SHA-256 the JIT compiles to the CPU's SHA
 * instructions where it has them): plain hashing, HMAC and HKDF. One digest and one MAC per thread:
 * a provider look-up per call would cost more than hashing a wrapped key. The self-tests check
 * these exact implementations, so every hash in the enclave goes through here.
 */
final class Digests {
  private static final int SHA256_BYTES = 32;
  private static final String HMAC_SHA256 = "HmacSHA256";

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> instance(() -> MessageDigest.getInstance("SHA-256")));
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance(HMAC_SHA256)));

  private Digests() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  static byte[] sha256(byte[]... parts) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  static byte[] hmacSha256(byte[] key, byte[] message) {
    Mac mac = keyed(key);
    mac.update(message);
    return mac.doFinal();
  }

  /** HKDF-SHA256 (RFC 5869), extract and expand. The caller owns (and zeroizes) the result. */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * SHA256_BYTES) {
      throw new IllegalArgumentException("HKDF-SHA256 gives 1 to 8160 bytes, not " + length);
    }
    // Extract: PRK = HMAC(salt, IKM); an absent salt is a block of zeros (RFC 5869, 2.2).
    byte[] prk = hmacSha256(salt == null || salt.length == 0 ? new byte[SHA256_BYTES] : salt, ikm);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    try {
      Mac mac = keyed(prk);
      // Expand: T(i) = HMAC(PRK, T(i-1) || info || i).
      for (int i = 1, written = 0; written < length; i++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) i);
        Arrays.fill(block, (byte) 0);
        block = mac.doFinal();
        int take = Math.min(block.length, length - written);
        System.arraycopy(block, 0, out, written, take);
        written += take;
      }
      return out;
    } finally {
      Arrays.fill(prk, (byte) 0);
      Arrays.fill(block, (byte) 0);
    }
  }

  /**
   * The thread's HMAC-SHA256, keyed with {@code key}. The JDK keeps its own copy of the key (inner
   * and outer pads) until the next call re-keys it.
   */
  private static Mac keyed(byte[] key) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 refused a key", e);
    }
    return mac;
  }

  private interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  private static <T> T instance(Factory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256 or HMAC-SHA256", e);
    }
  }
}
