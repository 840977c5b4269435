package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The DescribeKey request. */
public record DescribeKeyRequest(String keyId, List<String> grantTokens) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("keyId", keyId);
  }
}
