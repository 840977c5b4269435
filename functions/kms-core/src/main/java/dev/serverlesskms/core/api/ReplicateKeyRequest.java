package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.Tag;
import java.util.List;
import java.util.Map;

/** The ReplicateKey request. */
public record ReplicateKeyRequest(
    String keyId,
    String replicaRegion,
    String policy,
    Boolean bypassPolicyLockoutSafetyCheck,
    String description,
    List<Tag> tags)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "replicaRegion",
        replicaRegion,
        "bypassPolicyLockoutSafetyCheck",
        bypassPolicyLockoutSafetyCheck,
        "description",
        description,
        "tags",
        AuditFields.tags(tags));
  }
}
