package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The ReEncrypt request. */
public record ReEncryptRequest(
    byte[] ciphertextBlob,
    Map<String, String> sourceEncryptionContext,
    String sourceKeyId,
    String destinationKeyId,
    Map<String, String> destinationEncryptionContext,
    EncryptionAlgorithm sourceEncryptionAlgorithm,
    EncryptionAlgorithm destinationEncryptionAlgorithm,
    List<String> grantTokens,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "sourceKeyId",
        sourceKeyId,
        "destinationKeyId",
        destinationKeyId,
        "sourceEncryptionContext",
        sourceEncryptionContext,
        "destinationEncryptionContext",
        destinationEncryptionContext,
        "sourceEncryptionAlgorithm",
        sourceEncryptionAlgorithm,
        "destinationEncryptionAlgorithm",
        destinationEncryptionAlgorithm,
        "dryRun",
        dryRun);
  }
}
