package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The ScheduleKeyDeletion request. */
public record ScheduleKeyDeletionRequest(String keyId, Integer pendingWindowInDays)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "pendingWindowInDays", pendingWindowInDays);
  }
}
