package dev.serverlesskms.core.port;

/**
 * A store write lost a race: the record already exists (create), or its revision moved since it was
 * read (update, delete). Nothing was written. Operations re-read and retry, or report the conflict.
 */
public class StoreConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreConflictException(String message) {
    super(message);
  }
}
