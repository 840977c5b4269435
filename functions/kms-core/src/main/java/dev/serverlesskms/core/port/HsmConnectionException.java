package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.ConnectionErrorCode;
import java.util.Objects;

/**
 * A custom key store could not connect to its token: why, as AWS's ConnectionErrorCode. The message
 * never holds the password.
 */
public final class HsmConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ConnectionErrorCode code;

  public HsmConnectionException(ConnectionErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ConnectionErrorCode code() {
    return code;
  }
}
