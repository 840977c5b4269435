package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The EnableKeyRotation request. */
public record EnableKeyRotationRequest(String keyId, Integer rotationPeriodInDays)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "rotationPeriodInDays", rotationPeriodInDays);
  }
}
