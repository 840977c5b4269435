package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The TagResource request. */
public record TagResourceRequest(String keyId, List<Tag> tags) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "tags", AuditFields.tags(tags));
  }
}
