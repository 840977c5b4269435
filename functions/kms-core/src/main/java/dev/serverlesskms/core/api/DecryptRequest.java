package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The Decrypt request. */
public record DecryptRequest(
    byte[] ciphertextBlob,
    Map<String, String> encryptionContext,
    List<String> grantTokens,
    String keyId,
    EncryptionAlgorithm encryptionAlgorithm,
    Boolean dryRun,
    RecipientInfo recipient)
    implements KmsRequest {
  /** A request without a Recipient. */
  public DecryptRequest(
      byte[] ciphertextBlob,
      Map<String, String> encryptionContext,
      List<String> grantTokens,
      String keyId,
      EncryptionAlgorithm encryptionAlgorithm,
      Boolean dryRun) {
    this(ciphertextBlob, encryptionContext, grantTokens, keyId, encryptionAlgorithm, dryRun, null);
  }

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
