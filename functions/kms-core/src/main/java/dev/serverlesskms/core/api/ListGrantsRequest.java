package dev.serverlesskms.core.api;

import java.util.Map;

/** The ListGrants request. */
public record ListGrantsRequest(
    Integer limit,
    String marker,
    String keyId,
    String grantId,
    String granteePrincipal,
    String granteeServicePrincipal)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "grantId",
        grantId,
        "granteePrincipal",
        granteePrincipal,
        "granteeServicePrincipal",
        granteeServicePrincipal,
        "limit",
        limit,
        "marker",
        marker);
  }
}
