package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The CreateAlias request. */
public record CreateAliasRequest(String aliasName, String targetKeyId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("aliasName", aliasName, "targetKeyId", targetKeyId);
  }
}
