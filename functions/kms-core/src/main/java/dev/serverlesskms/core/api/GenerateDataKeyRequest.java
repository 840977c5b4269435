package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The GenerateDataKey request. */
public record GenerateDataKeyRequest(
    String keyId,
    Map<String, String> encryptionContext,
    Integer numberOfBytes,
    DataKeySpec keySpec,
    List<String> grantTokens,
    Boolean dryRun,
    RecipientInfo recipient)
    implements KmsRequest {
  /** A request without a Recipient. */
  public GenerateDataKeyRequest(
      String keyId,
      Map<String, String> encryptionContext,
      Integer numberOfBytes,
      DataKeySpec keySpec,
      List<String> grantTokens,
      Boolean dryRun) {
    this(keyId, encryptionContext, numberOfBytes, keySpec, grantTokens, dryRun, null);
  }

  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "encryptionContext",
        encryptionContext,
        "numberOfBytes",
        numberOfBytes,
        "keySpec",
        keySpec,
        "dryRun",
        dryRun);
  }
}
