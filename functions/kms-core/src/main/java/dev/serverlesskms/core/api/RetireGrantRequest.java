package dev.serverlesskms.core.api;

import java.util.Map;

/**
 * The RetireGrant request. The grant token is not audited (as in CloudTrail): the record names the
 * grant by key and grant id, which the operation notes when it resolves a token.
 */
public record RetireGrantRequest(String grantToken, String keyId, String grantId, Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "grantId", grantId, "dryRun", dryRun);
  }
}
