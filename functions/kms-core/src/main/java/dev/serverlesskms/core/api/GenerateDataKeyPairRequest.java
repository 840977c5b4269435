package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The GenerateDataKeyPair request. */
public record GenerateDataKeyPairRequest(
    Map<String, String> encryptionContext,
    String keyId,
    DataKeyPairSpec keyPairSpec,
    List<String> grantTokens,
    RecipientInfo recipient,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "encryptionContext",
        encryptionContext,
        "keyPairSpec",
        keyPairSpec,
        "dryRun",
        dryRun);
  }
}
