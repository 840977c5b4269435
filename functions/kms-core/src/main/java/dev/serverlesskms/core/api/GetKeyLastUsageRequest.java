package dev.serverlesskms.core.api;

import java.util.Map;

/** The GetKeyLastUsage request: a key id or key ARN (an alias is refused). */
public record GetKeyLastUsageRequest(String keyId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId);
  }
}
