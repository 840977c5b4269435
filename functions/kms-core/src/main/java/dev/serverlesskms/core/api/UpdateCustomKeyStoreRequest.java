package dev.serverlesskms.core.api;

import java.util.Map;

/**
 * The UpdateCustomKeyStore request (AWS_CLOUDHSM members). The password is never audited nor
 * printed.
 */
public record UpdateCustomKeyStoreRequest(
    String customKeyStoreId,
    String newCustomKeyStoreName,
    String keyStorePassword,
    String cloudHsmClusterId)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "customKeyStoreId",
        customKeyStoreId,
        "newCustomKeyStoreName",
        newCustomKeyStoreName,
        "cloudHsmClusterId",
        cloudHsmClusterId);
  }

  @Override
  public String toString() {
    return "UpdateCustomKeyStoreRequest[" + customKeyStoreId + "]";
  }
}
