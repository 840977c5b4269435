package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextResponse;
import java.util.Arrays;

/**
 * KMS {@code GenerateDataKeyWithoutPlaintext}: like GenerateDataKey, but only the encrypted copy
 * leaves the service; the plaintext is wiped here.
 */
final class GenerateDataKeyWithoutPlaintextOperation
    implements KmsOperation<
        GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse> {
  private final SymmetricCrypto crypto;

  GenerateDataKeyWithoutPlaintextOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public GenerateDataKeyWithoutPlaintextResponse execute(
      GenerateDataKeyWithoutPlaintextRequest request, OperationContext context) {
    SymmetricCrypto.GeneratedDataKey generated =
        crypto.generateDataKey(
            request.keyId(),
            request.keySpec(),
            request.numberOfBytes(),
            request.grantTokens(),
            request.encryptionContext(),
            request.dryRun(),
            "GenerateDataKeyWithoutPlaintext",
            context);
    Arrays.fill(generated.dataKey().plaintext(), (byte) 0);
    return new GenerateDataKeyWithoutPlaintextResponse(
        generated.dataKey().sealed(),
        generated.key().arn(),
        generated.key().primaryVersion().materialId());
  }
}
