package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.List;
import java.util.Map;

/** The VerifyMac request. */
public record VerifyMacRequest(
    byte[] message,
    String keyId,
    MacAlgorithm macAlgorithm,
    byte[] mac,
    List<String> grantTokens,
    Boolean dryRun)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    // CloudTrail shows the key and the algorithm, never the message or the MAC.
    return AuditFields.of("keyId", keyId, "macAlgorithm", macAlgorithm, "dryRun", dryRun);
  }
}
