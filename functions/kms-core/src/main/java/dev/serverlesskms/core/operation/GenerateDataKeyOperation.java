package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateDataKeyResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Enclave;

/**
 * KMS {@code GenerateDataKey}: a data key of exactly the requested length, in the clear and
 * encrypted under the key.
 *
 * <p>Errors: ValidationException (KeySpec/NumberOfBytes rule), the key errors of Encrypt. Audit
 * event {@code GenerateDataKey} (no data key).
 */
final class GenerateDataKeyOperation implements KmsOperation<GenerateDataKeyRequest, GenerateDataKeyResponse> {
  private final SymmetricCrypto crypto;

  GenerateDataKeyOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public GenerateDataKeyResponse execute(GenerateDataKeyRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    int length = DataKeyLength.of(request.keySpec(), request.numberOfBytes());
    Validation.grantTokens(request.grantTokens());
    EncryptionContext encryptionContext = EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    KmsKey key = crypto.encryptionKey(request.keyId(), "keyId", "GenerateDataKey", context);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    Enclave.DataKey dataKey = crypto.generateDataKey(key, length, encryptionContext);
    return new GenerateDataKeyResponse(
        dataKey.sealed(), dataKey.plaintext(), key.arn(), key.primaryVersion().materialId());
  }
}
