package dev.serverlesskms.core.api;

import java.util.Map;

/** The DescribeCustomKeyStores request. */
public record DescribeCustomKeyStoresRequest(
    String customKeyStoreId, String customKeyStoreName, Integer limit, String marker)
    implements KmsRequest {
  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of(
        "customKeyStoreId",
        customKeyStoreId,
        "customKeyStoreName",
        customKeyStoreName,
        "limit",
        limit,
        "marker",
        marker);
  }
}
