package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;

/** The ScheduleKeyDeletion response. */
public record ScheduleKeyDeletionResponse(
    String keyId, Instant deletionDate, KeyState keyState, Integer pendingWindowInDays)
    implements KmsResponse {
  @Override
  public java.util.Map<String, Object> auditResponseElements() {
    return AuditFields.of(
        "keyId",
        keyId,
        "deletionDate",
        deletionDate,
        "keyState",
        keyState,
        "pendingWindowInDays",
        pendingWindowInDays);
  }
}
