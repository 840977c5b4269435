package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The ListKeys request. */
public record ListKeysRequest(Integer limit, String marker) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("limit", limit, "marker", marker);
  }
}
