package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The UntagResource request. */
public record UntagResourceRequest(String keyId, List<String> tagKeys) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "tagKeys", tagKeys);
  }
}
