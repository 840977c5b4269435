package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The CreateKey request. */
public record CreateKeyRequest(
    String policy,
    String description,
    KeyUsage keyUsage,
    KeySpec customerMasterKeySpec,
    KeySpec keySpec,
    Origin origin,
    String customKeyStoreId,
    Boolean bypassPolicyLockoutSafetyCheck,
    List<Tag> tags,
    Boolean multiRegion,
    String xksKeyId)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "description",
        description,
        "keyUsage",
        keyUsage,
        "keySpec",
        keySpec,
        "customerMasterKeySpec",
        customerMasterKeySpec,
        "origin",
        origin,
        "customKeyStoreId",
        customKeyStoreId,
        "bypassPolicyLockoutSafetyCheck",
        bypassPolicyLockoutSafetyCheck,
        "tags",
        AuditFields.tags(tags),
        "multiRegion",
        multiRegion);
  }
}
