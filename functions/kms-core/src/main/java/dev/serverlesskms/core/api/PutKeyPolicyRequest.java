package dev.serverlesskms.core.api;

import java.util.Map;

/**
 * The PutKeyPolicy request. {@code policyName} is optional ({@code default}, the only name). The
 * policy is no secret: CloudTrail records it, and so does the audit log.
 */
public record PutKeyPolicyRequest(
    String keyId, String policyName, String policy, Boolean bypassPolicyLockoutSafetyCheck)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "policyName",
        policyName,
        "policy",
        policy,
        "bypassPolicyLockoutSafetyCheck",
        bypassPolicyLockoutSafetyCheck);
  }
}
