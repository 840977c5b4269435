package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The ListKeyRotations request. */
public record ListKeyRotationsRequest(
    String keyId, String includeKeyMaterial, Integer limit, String marker) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId", keyId, "includeKeyMaterial", includeKeyMaterial, "limit", limit, "marker", marker);
  }
}
