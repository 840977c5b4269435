package dev.serverlesskms.core.api;

import java.util.Map;

/** A typed KMS response. Component names are the AWS member names in camelCase. */
public interface KmsResponse {

  /**
   * The response members the audit record shows. CloudTrail shows them for management calls only;
   * cryptographic responses keep the default ({@code null}).
   */
  default Map<String, Object> auditResponseElements() {
    return null;
  }
}
