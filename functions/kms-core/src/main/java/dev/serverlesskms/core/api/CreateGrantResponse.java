package dev.serverlesskms.core.api;

import java.util.Map;

/**
 * The CreateGrant response. The audit record shows the grant id only: a grant token is returned by
 * CreateGrant and never logged, as in CloudTrail.
 */
public record CreateGrantResponse(String grantToken, String grantId) implements KmsResponse {
  @Override
  public Map<String, Object> auditResponseElements() {
    return AuditFields.of("grantId", grantId);
  }
}
