package dev.serverlesskms.enclave;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM (12-byte IV, 16-byte tag) on Bouncy Castle's lightweight API. The lightweight API
 * needs no JCE provider registration and no reflection, so it works unchanged in a GraalVM native
 * image. A fresh cipher per call keeps it thread-safe.
 */
final class AesGcm {
  static final int KEY_BYTES = 32;
  static final int IV_BYTES = 12;
  static final int TAG_BYTES = 16;

  private AesGcm() {}

  /**
   * @return {@code ciphertext || tag}
   */
  static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext, byte[] aad) {
    KeyParameter keyParameter = keyParameter(key);
    try {
      GCMModeCipher cipher = cipher(true, keyParameter, iv);
      cipher.processAADBytes(aad, 0, aad.length);
      byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
      int written = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
      cipher.doFinal(out, written);
      return out;
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption cannot fail on valid parameters", e);
    } finally {
      Arrays.fill(keyParameter.getKey(), (byte) 0);
    }
  }

  /**
   * Decrypts {@code input[offset, offset + length)} ({@code ciphertext || tag}).
   *
   * @throws InvalidCipherTextException if the tag does not verify (no plaintext is returned then)
   */
  static byte[] decrypt(byte[] key, byte[] iv, byte[] input, int offset, int length, byte[] aad)
      throws InvalidCipherTextException {
    if (length < TAG_BYTES) {
      throw new InvalidCipherTextException("too short");
    }
    KeyParameter keyParameter = keyParameter(key);
    byte[] out = new byte[length - TAG_BYTES];
    try {
      GCMModeCipher cipher = cipher(false, keyParameter, iv);
      cipher.processAADBytes(aad, 0, aad.length);
      int written = cipher.processBytes(input, offset, length, out, 0);
      cipher.doFinal(out, written);
      return out;
    } catch (InvalidCipherTextException | RuntimeException e) {
      // Bouncy Castle writes plaintext before it checks the tag: wipe the unauthenticated bytes.
      Arrays.fill(out, (byte) 0);
      throw e;
    } finally {
      Arrays.fill(keyParameter.getKey(), (byte) 0);
    }
  }

  private static KeyParameter keyParameter(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key.length);
    }
    return new KeyParameter(key); // a copy, wiped after use through getKey()
  }

  private static GCMModeCipher cipher(boolean encrypt, KeyParameter key, byte[] iv) {
    if (iv.length != IV_BYTES) {
      throw new IllegalArgumentException("GCM needs a 12-byte IV, got " + iv.length);
    }
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(key, TAG_BYTES * 8, iv));
    return cipher;
  }
}
