package dev.serverlesskms.core.api;

import java.util.Map;

/** A typed KMS request. Component names are the AWS member names in camelCase. */
public interface KmsRequest {

  /**
   * The request members the audit record may show, as CloudTrail shows them: an explicit allow-list
   * per operation, so plaintext, key material and data keys can never reach the audit stream.
   */
  Map<String, Object> auditParameters();
}
