package dev.serverlesskms.core.api;

import java.util.List;
import java.util.Map;

/** The GetPublicKey request. */
public record GetPublicKeyRequest(String keyId, List<String> grantTokens) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId);
  }
}
