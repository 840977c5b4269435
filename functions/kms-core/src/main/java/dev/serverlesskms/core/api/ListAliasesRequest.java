package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The ListAliases request. */
public record ListAliasesRequest(String keyId, Integer limit, String marker) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "limit", limit, "marker", marker);
  }
}
