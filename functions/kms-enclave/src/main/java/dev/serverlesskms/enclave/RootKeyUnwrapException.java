package dev.serverlesskms.enclave;

/**
 * A wrapped blob did not authenticate under the root key: it was altered, wrapped with other
 * associated data, or wrapped by another root key. Checked, so that every caller must decide what
 * the failure means for it (the enclave turns it into {@code KeyMaterialUnavailableException}).
 * Carries no detail, like every decryption failure here.
 */
public final class RootKeyUnwrapException extends Exception {
  private static final long serialVersionUID = 1L;

  public RootKeyUnwrapException() {
    super("root key unwrap failed", null, false, false);
  }
}
