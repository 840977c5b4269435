package dev.serverlesskms.core.port;

/**
 * An import token that cannot be used: not issued for this key by this enclave, or past its
 * validity.
 */
public class ImportTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the token was refused. */
  public enum Reason {
    INVALID,
    EXPIRED
  }

  private final Reason reason;

  public ImportTokenException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
