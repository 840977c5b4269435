package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The RotateKeyOnDemand request. */
public record RotateKeyOnDemandRequest(String keyId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId);
  }
}
