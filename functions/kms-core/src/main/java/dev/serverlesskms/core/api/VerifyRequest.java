package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.util.List;
import java.util.Map;

/** The Verify request. The audit record shows neither the message nor the signature. */
public record VerifyRequest(
    String keyId,
    byte[] message,
    MessageType messageType,
    byte[] signature,
    SigningAlgorithm signingAlgorithm,
    List<String> grantTokens,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "keyId",
        keyId,
        "messageType",
        messageType,
        "signingAlgorithm",
        signingAlgorithm,
        "dryRun",
        dryRun);
  }
}
