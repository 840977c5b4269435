package dev.serverlesskms.crypto;

/** RSA encryption algorithms (AWS's RSAES_OAEP_*): OAEP with MGF1 of the same digest, no label. */
public enum OaepAlgorithm {
  RSAES_OAEP_SHA_1(Digest.SHA_1),
  RSAES_OAEP_SHA_256(Digest.SHA_256);

  private final Digest digest;

  OaepAlgorithm(Digest digest) {
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }

  /** The longest plaintext a key of {@code modulusBits} encrypts (RFC 8017: k - 2 hLen - 2). */
  public int maxPlaintextBytes(int modulusBits) {
    return (modulusBits + 7) / 8 - 2 * digest.length() - 2;
  }
}
