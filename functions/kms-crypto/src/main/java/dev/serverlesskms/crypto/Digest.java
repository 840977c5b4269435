package dev.serverlesskms.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/** The message digests the signature algorithms use. */
public enum Digest {
  SHA_1("SHA-1", 20),
  SHA_256("SHA-256", 32),
  SHA_384("SHA-384", 48),
  SHA_512("SHA-512", 64),
  /** As ML-DSA uses it: 64 bytes of output (the length of mu). */
  SHAKE_256("SHAKE256", 64);

  private final String jcaName;
  private final int length;

  Digest(String jcaName, int length) {
    this.jcaName = jcaName;
    this.length = length;
  }

  /** The JDK's standard name. */
  public String jcaName() {
    return jcaName;
  }

  /** Output length in bytes. */
  public int length() {
    return length;
  }

  public byte[] hash(byte[] message) {
    if (this == SHAKE_256) {
      // Java 17 has no SHAKE in its MessageDigest providers.
      SHAKEDigest shake = new SHAKEDigest(256);
      shake.update(message, 0, message.length);
      byte[] out = new byte[length];
      shake.doFinal(out, 0, length);
      return out;
    }
    try {
      return MessageDigest.getInstance(jcaName).digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is part of every JDK", e);
    }
  }
}
