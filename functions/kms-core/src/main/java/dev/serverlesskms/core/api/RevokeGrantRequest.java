package dev.serverlesskms.core.api;

import java.util.Map;

/** The RevokeGrant request. */
public record RevokeGrantRequest(String keyId, String grantId, Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "grantId", grantId, "dryRun", dryRun);
  }
}
