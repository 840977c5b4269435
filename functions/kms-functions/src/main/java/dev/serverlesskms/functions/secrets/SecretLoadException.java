package dev.serverlesskms.functions.secrets;

/**
 * A secret the enclave needs could not be loaded: missing, access denied, unreachable, or not in
 * the expected format. Thrown at start, so the function fails its init rather than run without its
 * root key. The message names the secret's ARN and what to fix, and never contains the secret's
 * value (nor the text of an exception that could).
 */
public final class SecretLoadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SecretLoadException(String message) {
    super(message);
  }
}
