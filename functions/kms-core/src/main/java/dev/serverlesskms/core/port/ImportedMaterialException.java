package dev.serverlesskms.core.port;

/**
 * Encrypted key material that does not unwrap with the token's wrapping key and algorithm, or
 * unwraps to something that is not valid material for the key (a symmetric key takes exactly 32
 * bytes, an RSA or ECC key a PKCS#8 private key of its spec, an HMAC key a raw key of AWS's
 * lengths). Carries no detail about the material.
 */
public class ImportedMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which of the two failures it was. */
  public enum Reason {
    UNWRAP_FAILED,
    /** A symmetric key's material is not 32 bytes. */
    WRONG_LENGTH,
    /**
     * Material for an asymmetric or HMAC key that is not of the key's spec: not PKCS#8, another key
     * type, size or curve, an inconsistent private key, an HMAC key of a length AWS refuses.
     */
    WRONG_SPEC
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
