package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.*;
import java.util.Map;

/** The GenerateRandom request. */
public record GenerateRandomRequest(
    Integer numberOfBytes, String customKeyStoreId, RecipientInfo recipient) implements KmsRequest {
  /** A request without a Recipient. */
  public GenerateRandomRequest(Integer numberOfBytes, String customKeyStoreId) {
    this(numberOfBytes, customKeyStoreId, null);
  }

  @Override
  public Map<String, Object> auditParameters() {
    return AuditFields.of("numberOfBytes", numberOfBytes, "customKeyStoreId", customKeyStoreId);
  }
}
