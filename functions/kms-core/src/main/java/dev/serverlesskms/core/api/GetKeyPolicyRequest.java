package dev.serverlesskms.core.api;

import java.util.Map;

/** The GetKeyPolicy request. {@code policyName} is optional: {@code default}, the only name. */
public record GetKeyPolicyRequest(String keyId, String policyName) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "policyName", policyName);
  }
}
