package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The UpdateAlias request. */
public record UpdateAliasRequest(String aliasName, String targetKeyId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("aliasName", aliasName, "targetKeyId", targetKeyId);
  }
}
