package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.time.Instant;
import java.util.Map;

/** The ImportKeyMaterial request. */
public record ImportKeyMaterialRequest(
    String keyId,
    byte[] importToken,
    byte[] encryptedKeyMaterial,
    Instant validTo,
    ExpirationModel expirationModel,
    String importType,
    String keyMaterialDescription,
    String keyMaterialId)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "validTo",
        validTo,
        "expirationModel",
        expirationModel,
        "importType",
        importType);
  }
}
