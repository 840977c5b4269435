package dev.serverlesskms.core.port;

/**
 * Encrypted key material that does not unwrap with the token's wrapping key and algorithm, or
 * unwraps to something that is not valid material for the key (a symmetric key takes exactly 32
 * bytes). Carries no detail about the material.
 */
public class ImportedMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which of the two failures it was. */
  public enum Reason {
    UNWRAP_FAILED,
    WRONG_LENGTH
  }

  private final Reason reason;

  public ImportedMaterialException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
