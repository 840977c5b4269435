package dev.serverlesskms.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) on the JDK, named exactly as AWS KMS's MacAlgorithmSpec. A key of AWS's HMAC_n
 * spec is made of n bits; an imported one may be longer, up to the digest's block size.
 */
public enum HmacAlgorithm {
  HMAC_SHA_224("HmacSHA224", 28, 64),
  HMAC_SHA_256("HmacSHA256", 32, 64),
  HMAC_SHA_384("HmacSHA384", 48, 128),
  HMAC_SHA_512("HmacSHA512", 64, 128);

  private final String jcaName;
  private final int keyBytes;
  private final int blockBytes;

  HmacAlgorithm(String jcaName, int keyBytes, int blockBytes) {
    this.jcaName = jcaName;
    this.keyBytes = keyBytes;
    this.blockBytes = blockBytes;
  }

  /** The length of a generated key, and of a tag: the digest length. */
  public int keyBytes() {
    return keyBytes;
  }

  /**
   * Whether imported key material of {@code length} bytes is acceptable: from the digest length
   * (shorter would weaken the key below its spec) to the block size (longer keys are hashed first
   * by HMAC, so add nothing). These are the bounds AWS's developer guide gives for imported HMAC
   * keys as we recall them (28-64, 32-64, 48-128, 64-128 bytes); the guide's table itself was not
   * reachable when this was written.
   */
  public boolean acceptsImportedKeyLength(int length) {
    return length >= keyBytes && length <= blockBytes;
  }

  /** A fresh key of the digest length. */
  public byte[] generateKey(SecureRandom random) {
    byte[] key = new byte[keyBytes];
    random.nextBytes(key);
    return key;
  }

  /** The tag of {@code message} under {@code key}. */
  public byte[] mac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(jcaName);
      mac.init(new SecretKeySpec(key, jcaName));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(jcaName + " is part of every JDK", e);
    }
  }

  /** Whether {@code tag} is the tag of {@code message}, compared in constant time. */
  public boolean verify(byte[] key, byte[] message, byte[] tag) {
    return MessageDigest.isEqual(mac(key, message), tag);
  }
}
