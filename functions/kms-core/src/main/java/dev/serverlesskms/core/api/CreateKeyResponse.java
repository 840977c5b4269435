package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;

/** The CreateKey response. */
public record CreateKeyResponse(KeyMetadata keyMetadata) implements KmsResponse {
  @Override
  public java.util.Map<String, Object> auditResponseElements() {
    return java.util.Map.of(
        "keyMetadata",
        AuditFields.of(
            "keyId", keyMetadata.keyId(),
            "arn", keyMetadata.arn(),
            "keyState", keyMetadata.keyState(),
            "keySpec", keyMetadata.keySpec(),
            "keyUsage", keyMetadata.keyUsage(),
            "origin", keyMetadata.origin(),
            "creationDate", keyMetadata.creationDate()));
  }
}
