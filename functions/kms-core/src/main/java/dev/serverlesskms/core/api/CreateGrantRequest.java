package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.GrantConstraints;
import java.util.List;
import java.util.Map;

/**
 * The CreateGrant request. {@code operations} are strings, not {@code GrantOperation}s, so that an
 * unknown one is refused with AWS's list-constraint message rather than a deserialization error.
 */
public record CreateGrantRequest(
    String keyId,
    String granteePrincipal,
    String granteeServicePrincipal,
    String retiringPrincipal,
    String retiringServicePrincipal,
    List<String> operations,
    GrantConstraints constraints,
    List<String> grantTokens,
    String name,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "granteePrincipal",
        granteePrincipal,
        "granteeServicePrincipal",
        granteeServicePrincipal,
        "retiringPrincipal",
        retiringPrincipal,
        "retiringServicePrincipal",
        retiringServicePrincipal,
        "operations",
        operations,
        "constraints",
        AuditFields.constraints(constraints),
        "name",
        name,
        "dryRun",
        dryRun);
  }
}
