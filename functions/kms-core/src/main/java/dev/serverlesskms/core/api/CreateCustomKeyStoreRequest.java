package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.CustomKeyStoreType;
import java.util.Map;

/**
 * The CreateCustomKeyStore request (AWS_CLOUDHSM members; the XKS members are not read: an
 * EXTERNAL_KEY_STORE type is refused). The password is never audited nor printed.
 */
public record CreateCustomKeyStoreRequest(
    String customKeyStoreName,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    String keyStorePassword,
    CustomKeyStoreType customKeyStoreType)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "customKeyStoreName",
        customKeyStoreName,
        "cloudHsmClusterId",
        cloudHsmClusterId,
        "trustAnchorCertificate",
        trustAnchorCertificate,
        "customKeyStoreType",
        customKeyStoreType);
  }

  @Override
  public String toString() {
    return "CreateCustomKeyStoreRequest[" + customKeyStoreName + ", " + cloudHsmClusterId + "]";
  }
}
