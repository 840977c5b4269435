package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.api.KmsRequest;
import java.util.Map;

/** The "request" of an action the service takes on its own: which key, for the audit record. */
record ScheduledAction(String keyId) implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return Map.of("keyId", keyId);
  }
}
