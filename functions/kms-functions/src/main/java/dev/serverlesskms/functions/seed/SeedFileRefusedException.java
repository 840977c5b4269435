package dev.serverlesskms.functions.seed;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Set;

/**
 * The seed file stops the start. A {@link ConfigurationException}, because Quarkus prints such a
 * start failure as its message alone, without a stack trace: the message (entry, KeyId, field,
 * problem) is all an operator needs. It carries no stack trace of its own either.
 */
public final class SeedFileRefusedException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  SeedFileRefusedException(String message) {
    super(message, Set.of("kms.seed-file"));
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
