package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The DeleteAlias request. */
public record DeleteAliasRequest(String aliasName) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("aliasName", aliasName);
  }
}
