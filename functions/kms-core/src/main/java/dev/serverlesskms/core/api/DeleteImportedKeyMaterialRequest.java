package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The DeleteImportedKeyMaterial request. */
public record DeleteImportedKeyMaterialRequest(String keyId, String keyMaterialId)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "keyMaterialId", keyMaterialId);
  }
}
