package dev.serverlesskms.core.api;

import java.util.Map;

/** The ListRetirableGrants request. */
public record ListRetirableGrantsRequest(
    Integer limit, String marker, String retiringPrincipal, String retiringServicePrincipal)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "retiringPrincipal",
        retiringPrincipal,
        "retiringServicePrincipal",
        retiringServicePrincipal,
        "limit",
        limit,
        "marker",
        marker);
  }
}
