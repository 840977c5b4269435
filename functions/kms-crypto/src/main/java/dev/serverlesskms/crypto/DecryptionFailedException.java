package dev.serverlesskms.crypto;

/** A ciphertext that does not decrypt (wrong key or algorithm, or altered). Carries no detail. */
public final class DecryptionFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public DecryptionFailedException() {
    super("ciphertext does not decrypt", null, false, false);
  }
}
