package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The ListResourceTags request. */
public record ListResourceTagsRequest(String keyId, Integer limit, String marker)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId, "limit", limit, "marker", marker);
  }
}
