package dev.serverlesskms.core.port;

/** A sealed payload failed authentication. Carries no detail: one failure for every cause. */
public class EnclaveAuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EnclaveAuthenticationException() {
    super("decryption failed", null, false, false);
  }
}
