package dev.serverlesskms.core.port;

/**
 * A DeriveSharedSecret peer public key the enclave cannot use: not X.509 SubjectPublicKeyInfo DER,
 * on another curve than the key, or not a valid point. The message names the problem, never key
 * bytes.
 */
public class InvalidPeerPublicKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidPeerPublicKeyException(String message) {
    super(message);
  }
}
