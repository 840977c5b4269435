package dev.serverlesskms.core.audit;

/** The audit sink did not take a record. The request it describes must fail. */
public class AuditUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
