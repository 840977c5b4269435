package dev.serverlesskms.bench;

/**
 * A response that came back without error but is not what the request asked for; counted as a
 * failure.
 */
final class WrongResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WrongResponseException(String message) {
    super(message);
  }
}
