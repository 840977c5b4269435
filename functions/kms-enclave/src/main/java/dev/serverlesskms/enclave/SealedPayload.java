package dev.serverlesskms.enclave;

import dev.serverlesskms.core.port.EnclaveAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The enclave's sealed-payload format:
 *
 * <pre>
 * nonce(16) || AES-256-GCM ciphertext || tag(16)
 * okm = HKDF-SHA256(ikm = version key, salt = nonce, info = "serverless-kms/v1/message-key", L = 44)
 * AES key = okm[0..32), IV = okm[32..44)
 * </pre>
 *
 * A fresh key per message (rather than a random IV under the version key) lifts GCM's limit of
 * about 2^32 random IVs per key: a version key can encrypt without a usage counter, in any number
 * of concurrent Lambdas. Derived keys are zeroized after use.
 */
final class SealedPayload {
  static final int NONCE_BYTES = 16;
  private static final int OVERHEAD_BYTES = NONCE_BYTES + AesGcm.TAG_BYTES;
  private static final byte[] MESSAGE_KEY_INFO =
      "serverless-kms/v1/message-key".getBytes(StandardCharsets.US_ASCII);

  private SealedPayload() {}

  static byte[] seal(byte[] versionKey, byte[] nonce, byte[] plaintext, byte[] aad) {
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("the nonce has 16 bytes, got " + nonce.length);
    }
    byte[] okm = messageKeyAndIv(versionKey, nonce);
    byte[] key = Arrays.copyOf(okm, AesGcm.KEY_BYTES);
    try {
      byte[] iv = Arrays.copyOfRange(okm, AesGcm.KEY_BYTES, okm.length);
      byte[] out = Arrays.copyOf(nonce, OVERHEAD_BYTES + plaintext.length);
      AesGcm.encryptInto(key, iv, plaintext, aad, out, NONCE_BYTES);
      return out;
    } finally {
      Arrays.fill(okm, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * @throws EnclaveAuthenticationException for every failure (too short, altered, other key or
   *     aad), without saying which
   */
  static byte[] open(byte[] versionKey, byte[] sealed, byte[] aad) {
    if (sealed.length < OVERHEAD_BYTES) {
      throw new EnclaveAuthenticationException();
    }
    byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
    byte[] okm = messageKeyAndIv(versionKey, nonce);
    byte[] key = Arrays.copyOf(okm, AesGcm.KEY_BYTES);
    try {
      byte[] iv = Arrays.copyOfRange(okm, AesGcm.KEY_BYTES, okm.length);
      return AesGcm.decrypt(key, iv, sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, aad);
    } catch (AEADBadTagException e) {
      throw new EnclaveAuthenticationException();
    } finally {
      Arrays.fill(okm, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * @return {@code AES key(32) || IV(12)}; the caller zeroizes it
   */
  private static byte[] messageKeyAndIv(byte[] versionKey, byte[] nonce) {
    return Digests.hkdfSha256(
        versionKey, nonce, MESSAGE_KEY_INFO, AesGcm.KEY_BYTES + AesGcm.IV_BYTES);
  }
}
