package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.Enclave;
import java.util.Arrays;

/**
 * KMS {@code GenerateDataKeyWithoutPlaintext}: like GenerateDataKey, but only the encrypted copy
 * leaves the service; the plaintext is wiped here.
 */
final class GenerateDataKeyWithoutPlaintextOperation
    implements KmsOperation<GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse> {
  private final SymmetricCrypto crypto;

  GenerateDataKeyWithoutPlaintextOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public GenerateDataKeyWithoutPlaintextResponse execute(
      GenerateDataKeyWithoutPlaintextRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    int length = DataKeyLength.of(request.keySpec(), request.numberOfBytes());
    Validation.grantTokens(request.grantTokens());
    EncryptionContext encryptionContext = EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    KmsKey key = crypto.encryptionKey(request.keyId(), "keyId", "GenerateDataKeyWithoutPlaintext", context);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    Enclave.DataKey dataKey = crypto.generateDataKey(key, length, encryptionContext);
    Arrays.fill(dataKey.plaintext(), (byte) 0);
    return new GenerateDataKeyWithoutPlaintextResponse(
        dataKey.sealed(), key.arn(), key.primaryVersion().materialId());
  }
}
