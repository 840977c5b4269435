package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The UpdateKeyDescription request. */
public record UpdateKeyDescriptionRequest(String keyId, String description) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "description", description);
  }
}
