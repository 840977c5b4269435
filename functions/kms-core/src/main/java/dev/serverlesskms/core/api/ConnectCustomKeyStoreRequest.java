package dev.serverlesskms.core.api;

import java.util.Map;

/** The ConnectCustomKeyStore request. */
public record ConnectCustomKeyStoreRequest(String customKeyStoreId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("customKeyStoreId", customKeyStoreId);
  }
}
