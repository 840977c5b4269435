package dev.serverlesskms.core.api;

import java.util.Map;

/** The ListKeyPolicies request. */
public record ListKeyPoliciesRequest(String keyId, Integer limit, String marker)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "limit", limit, "marker", marker);
  }
}
