package dev.serverlesskms.core.error;

/**
 * A KMS error as the caller sees it: a wire type and a message.
 *
 * <p>Messages are written for the caller and land in the audit log: they never contain plaintext,
 * key material, data keys or ciphertext bytes. Only {@link KmsErrorType#INTERNAL} may carry a
 * cause, and that cause is for the server log only.
 */
public final class KmsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final KmsErrorType type;

  private KmsException(KmsErrorType type, String message, Throwable cause) {
    super(message == null ? "" : message, cause, false, cause != null);
    this.type = type;
  }

  public static KmsException of(KmsErrorType type, String message) {
    if (type == KmsErrorType.INTERNAL) {
      throw new IllegalArgumentException("use KmsException.internal for internal errors");
    }
    return new KmsException(type, message, null);
  }

  /**
   * An unexpected failure inside the service. The message is generic; the cause stays server-side.
   */
  public static KmsException internal(String message, Throwable cause) {
    return new KmsException(KmsErrorType.INTERNAL, message, cause);
  }

  public KmsErrorType type() {
    return type;
  }

  /**
   * {@code <AWS error type>: <message>}, e.g. {@code NotFoundException: Key '...' does not exist}.
   * Direct Lambda invocations report a failed function with this text, so callers see the AWS type.
   */
  @Override
  public String toString() {
    return type.wireName() + ": " + getMessage();
  }

  // --- the errors with fixed AWS messages, named once here ---

  /** Any failure to authenticate or parse a ciphertext. AWS sends this with an empty message. */
  public static KmsException invalidCiphertext() {
    return of(KmsErrorType.INVALID_CIPHERTEXT, "");
  }

  public static KmsException incorrectKey() {
    return of(
        KmsErrorType.INCORRECT_KEY,
        "The key ID in the request does not identify a CMK that can perform this operation.");
  }

  public static KmsException ciphertextKeyInaccessible() {
    return of(
        KmsErrorType.ACCESS_DENIED,
        "The ciphertext refers to a customer master key that does not exist, does not exist in this"
            + " region, or you are not allowed to access.");
  }

  public static KmsException dryRun() {
    return of(
        KmsErrorType.DRY_RUN, "The request would have succeeded, but the DryRun option is set.");
  }
}
