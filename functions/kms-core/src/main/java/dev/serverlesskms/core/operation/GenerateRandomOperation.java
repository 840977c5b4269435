package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.GenerateRandomResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KeyMaterialUnavailableException;

/**
 * KMS {@code GenerateRandom}: 1 to 1024 random bytes from the enclave.
 *
 * <p>With a CustomKeyStoreId, the bytes come from that custom key store's token, which must be
 * CONNECTED.
 *
 * <p>Errors: ValidationException (missing or out of range), CustomKeyStoreNotFoundException,
 * CustomKeyStoreInvalidStateException. Audit event {@code GenerateRandom}.
 */
final class GenerateRandomOperation
    implements KmsOperation<GenerateRandomRequest, GenerateRandomResponse> {
  private final Enclave enclave;
  private final CustomKeyStores customKeyStores;
  private final CustomKeyStoreHsm hsm;

  GenerateRandomOperation(Enclave enclave) {
    this(enclave, null, CustomKeyStoreHsm.none());
  }

  /**
   * @param customKeyStores the stores a CustomKeyStoreId names ({@code null}: none exists)
   * @param hsm their tokens, whose random bytes a request naming a store gets
   */
  GenerateRandomOperation(Enclave enclave, CustomKeyStores customKeyStores, CustomKeyStoreHsm hsm) {
    this.enclave = enclave;
    this.customKeyStores = customKeyStores;
    this.hsm = hsm;
  }

  @Override
  public GenerateRandomResponse execute(GenerateRandomRequest request, OperationContext context) {
    if (request.numberOfBytes() == null) {
      throw KmsException.of(KmsErrorType.VALIDATION, "NumberOfBytes is required.");
    }
    int length = Validation.range(request.numberOfBytes(), 1, 1024, "numberOfBytes");
    Recipients.requireNone(request.recipient());
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    if (request.customKeyStoreId() != null) {
      if (customKeyStores == null) {
        throw CustomKeyStores.notFound(request.customKeyStoreId());
      }
      CustomKeyStore store =
          customKeyStores.require(request.customKeyStoreId(), "customKeyStoreId");
      store.requireConnected("GenerateRandom");
      try {
        return new GenerateRandomResponse(hsm.generateRandom(store, length));
      } catch (KeyMaterialUnavailableException e) {
        throw KmsException.of(
            KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
            "The cluster of custom key store " + store.id() + " cannot be used now.");
      }
    }
    return new GenerateRandomResponse(enclave.generateRandom(length));
  }
}
