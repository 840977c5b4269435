package dev.serverlesskms.enclave;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The SHA-256 family on Bouncy Castle's lightweight API: plain hashing, HMAC and HKDF. The
 * self-tests check these exact implementations, so every hash in the enclave goes through here.
 */
final class Digests {
  private static final int SHA256_BYTES = 32;

  private Digests() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  static byte[] sha256(byte[]... parts) {
    SHA256Digest digest = new SHA256Digest();
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[SHA256_BYTES];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] hmacSha256(byte[] key, byte[] message) {
    HMac mac = new HMac(new SHA256Digest());
    KeyParameter keyParameter = new KeyParameter(key);
    try {
      mac.init(keyParameter);
      mac.update(message, 0, message.length);
      byte[] out = new byte[SHA256_BYTES];
      mac.doFinal(out, 0);
      return out;
    } finally {
      Arrays.fill(keyParameter.getKey(), (byte) 0);
    }
  }

  /** HKDF-SHA256 (RFC 5869), extract and expand. The caller owns (and zeroizes) the result. */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }
}
