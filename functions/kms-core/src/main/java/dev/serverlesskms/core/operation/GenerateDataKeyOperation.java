package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateDataKeyResponse;

/**
 * KMS {@code GenerateDataKey}: a data key of exactly the requested length, in the clear and
 * encrypted under the key.
 *
 * <p>Errors: ValidationException (KeySpec/NumberOfBytes rule), the key errors of Encrypt. Audit
 * event {@code GenerateDataKey} (no data key).
 */
final class GenerateDataKeyOperation
    implements KmsOperation<GenerateDataKeyRequest, GenerateDataKeyResponse> {
  private final SymmetricCrypto crypto;

  GenerateDataKeyOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public GenerateDataKeyResponse execute(GenerateDataKeyRequest request, OperationContext context) {
    Recipients.requireNone(request.recipient());
    SymmetricCrypto.GeneratedDataKey generated =
        crypto.generateDataKey(
            request.keyId(),
            request.keySpec(),
            request.numberOfBytes(),
            request.grantTokens(),
            request.encryptionContext(),
            request.dryRun(),
            "GenerateDataKey",
            context);
    return new GenerateDataKeyResponse(
        generated.dataKey().sealed(),
        generated.dataKey().plaintext(),
        generated.key().arn(),
        generated.key().primaryVersion().materialId());
  }
}
