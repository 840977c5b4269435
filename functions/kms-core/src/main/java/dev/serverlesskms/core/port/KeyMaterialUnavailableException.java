package dev.serverlesskms.core.port;

/**
 * A stored key version could not be unwrapped: it was altered, moved to another key or version, or
 * wrapped under another root key. The key is unusable until the store is repaired.
 */
public class KeyMaterialUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyMaterialUnavailableException(String message) {
    super(message, null, false, false);
  }
}
