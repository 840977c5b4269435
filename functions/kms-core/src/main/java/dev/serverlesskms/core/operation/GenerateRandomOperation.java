package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.GenerateRandomResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.Enclave;

/**
 * KMS {@code GenerateRandom}: 1 to 1024 random bytes from the enclave.
 *
 * <p>Errors: ValidationException (missing or out of range), CustomKeyStoreNotFoundException (this
 * KMS has no custom key stores). Audit event {@code GenerateRandom}.
 */
final class GenerateRandomOperation
    implements KmsOperation<GenerateRandomRequest, GenerateRandomResponse> {
  private final Enclave enclave;

  GenerateRandomOperation(Enclave enclave) {
    this.enclave = enclave;
  }

  @Override
  public GenerateRandomResponse execute(GenerateRandomRequest request, OperationContext context) {
    if (request.numberOfBytes() == null) {
      throw KmsException.of(KmsErrorType.VALIDATION, "NumberOfBytes is required.");
    }
    int length = Validation.range(request.numberOfBytes(), 1, 1024, "numberOfBytes");
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    if (request.customKeyStoreId() != null) {
      throw KmsException.of(
          KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
          "Custom key store " + Validation.echo(request.customKeyStoreId()) + " does not exist.");
    }
    return new GenerateRandomResponse(enclave.generateRandom(length));
  }
}
