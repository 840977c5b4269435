package dev.serverlesskms.core.model;

/**
 * AWS's {@code ConnectionStateType} of a custom key store, named exactly as on the wire (also the
 * persisted names).
 *
 * <p>A store is DISCONNECTED when created. ConnectCustomKeyStore makes it CONNECTING, then
 * CONNECTED once the token accepted the store's password, or FAILED with a {@link
 * ConnectionErrorCode}. DisconnectCustomKeyStore makes it DISCONNECTED at once (this KMS has
 * nothing to tear down but the calling process's own session, so DISCONNECTING is never stored; it
 * stays in the enum as AWS defines it).
 */
public enum ConnectionState {
  CONNECTED,
  CONNECTING,
  FAILED,
  DISCONNECTED,
  DISCONNECTING
}
