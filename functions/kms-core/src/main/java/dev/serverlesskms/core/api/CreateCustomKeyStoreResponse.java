package dev.serverlesskms.core.api;

import java.util.Map;

/** The CreateCustomKeyStore response. */
public record CreateCustomKeyStoreResponse(String customKeyStoreId) implements KmsResponse {
  @Override
  public Map<String, Object> auditResponseElements() {
    return AuditFields.of("customKeyStoreId", customKeyStoreId);
  }
}
