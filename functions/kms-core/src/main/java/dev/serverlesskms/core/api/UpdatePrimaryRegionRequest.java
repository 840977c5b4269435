package dev.serverlesskms.core.api;

import java.util.Map;

/** The UpdatePrimaryRegion request. */
public record UpdatePrimaryRegionRequest(String keyId, String primaryRegion) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "primaryRegion", primaryRegion);
  }
}
