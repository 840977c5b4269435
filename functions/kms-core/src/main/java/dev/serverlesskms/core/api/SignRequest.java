package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.util.List;
import java.util.Map;

/** The Sign request. The audit record never shows the message. */
public record SignRequest(
    String keyId,
    byte[] message,
    MessageType messageType,
    List<String> grantTokens,
    SigningAlgorithm signingAlgorithm,
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
