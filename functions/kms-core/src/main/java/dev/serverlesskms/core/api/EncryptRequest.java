package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The Encrypt request. */
public record EncryptRequest(
    String keyId,
    byte[] plaintext,
    Map<String, String> encryptionContext,
    List<String> grantTokens,
    EncryptionAlgorithm encryptionAlgorithm,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "encryptionContext",
        encryptionContext,
        "encryptionAlgorithm",
        encryptionAlgorithm,
        "dryRun",
        dryRun);
  }
}
