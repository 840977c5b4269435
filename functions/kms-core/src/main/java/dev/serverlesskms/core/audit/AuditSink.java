package dev.serverlesskms.core.audit;

/**
 * Where audit records go. Fail-closed: if {@link #record} throws, the request it describes fails
 * and returns no result (like Vault/OpenBao audit devices).
 */
public interface AuditSink {

  /**
   * Durably hands one record over (to the local log file, or the stream).
   *
   * @throws AuditUnavailableException if the record could not be taken
   */
  void record(AuditEvent event);
}
