package dev.serverlesskms.core.port;

/**
 * A store write refused because it would take a resource count past its quota (keys per region,
 * aliases per key, grants per key), decided atomically with the write; the operation answers
 * LimitExceededException.
 */
public class QuotaExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    super(message);
  }
}
