package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.Tag;
import java.util.List;
import java.util.Map;

/** The ReplicateKey response: the new replica's metadata, policy and tags. */
public record ReplicateKeyResponse(
    KeyMetadata replicaKeyMetadata, String replicaPolicy, List<Tag> replicaTags)
    implements KmsResponse {
  @Override
  public Map<String, Object> auditResponseElements() {
    return Map.of(
        "replicaKeyMetadata",
        AuditFields.of(
            "keyId", replicaKeyMetadata.keyId(),
            "arn", replicaKeyMetadata.arn(),
            "keyState", replicaKeyMetadata.keyState(),
            "creationDate", replicaKeyMetadata.creationDate()));
  }
}
