package dev.serverlesskms.enclave;

/**
 * The enclave refuses to start: a self-test failed, or the root key is missing, damaged, exposed (a
 * file others can read) or unreachable (PKCS#11 token, PIN). Starting anyway would either lose data
 * (a fresh key over a damaged one) or weaken it, so the process must stop and an operator must
 * look. The message says what to fix and never contains key bytes or PINs.
 */
public final class EnclaveStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EnclaveStartupException(String message) {
    super(message);
  }

  EnclaveStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
