package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The CancelKeyDeletion response. */
public record CancelKeyDeletionResponse(String keyId) implements KmsResponse {
  @Override
  public java.util.Map<String, Object> auditResponseElements() {
    return AuditFields.of("keyId", keyId);
  }
}
