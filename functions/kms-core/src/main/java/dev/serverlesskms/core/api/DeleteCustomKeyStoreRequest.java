package dev.serverlesskms.core.api;

import java.util.Map;

/** The DeleteCustomKeyStore request. */
public record DeleteCustomKeyStoreRequest(String customKeyStoreId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("customKeyStoreId", customKeyStoreId);
  }
}
