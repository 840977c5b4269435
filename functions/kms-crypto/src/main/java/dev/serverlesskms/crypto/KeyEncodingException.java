package dev.serverlesskms.crypto;

/**
 * An encoded key (PKCS#8 private key, X.509 SubjectPublicKeyInfo public key) that does not parse or
 * is not of the spec expected. The message names the problem, never key bytes.
 */
public final class KeyEncodingException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyEncodingException(String message) {
    super(message, null, false, false);
  }
}
