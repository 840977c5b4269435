package dev.serverlesskms.functions.seed;

/**
 * The seed file stops the start. It carries no stack trace: the message (entry, KeyId, field,
 * problem) is all an operator needs, and it is logged once by {@link SeedFileLoader}.
 */
public final class SeedFileRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SeedFileRefusedException(String message) {
    super(message, null, false, false);
  }
}
