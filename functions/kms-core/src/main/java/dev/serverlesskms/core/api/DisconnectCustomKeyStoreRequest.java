package dev.serverlesskms.core.api;

import java.util.Map;

/** The DisconnectCustomKeyStore request. */
public record DisconnectCustomKeyStoreRequest(String customKeyStoreId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("customKeyStoreId", customKeyStoreId);
  }
}
