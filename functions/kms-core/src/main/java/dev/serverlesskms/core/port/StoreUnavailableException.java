package dev.serverlesskms.core.port;

/** The store could not be reached or failed; the outcome of a write may be unknown. */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
