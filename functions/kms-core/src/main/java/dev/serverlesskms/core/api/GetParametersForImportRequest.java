package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The GetParametersForImport request. */
public record GetParametersForImportRequest(
    String keyId, WrappingAlgorithm wrappingAlgorithm, WrappingKeySpec wrappingKeySpec)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId", keyId, "wrappingAlgorithm", wrappingAlgorithm, "wrappingKeySpec", wrappingKeySpec);
  }
}
