package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The GenerateMac request. */
public record GenerateMacRequest(
    byte[] message,
    String keyId,
    MacAlgorithm macAlgorithm,
    List<String> grantTokens,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    // CloudTrail shows the key and the algorithm, never the message.
    return AuditFields.of("keyId", keyId, "macAlgorithm", macAlgorithm, "dryRun", dryRun);
  }
}
