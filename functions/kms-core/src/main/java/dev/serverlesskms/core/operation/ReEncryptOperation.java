package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.ReEncryptRequest;
import dev.serverlesskms.core.api.ReEncryptResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;
import java.util.Arrays;

/**
 * KMS {@code ReEncrypt}: decrypts under the source key and encrypts under the destination key
 * without the plaintext leaving the service.
 *
 * <p>Errors: those of Decrypt for the source and of Encrypt for the destination. Audit event {@code
 * ReEncrypt} with both keys as resources.
 */
final class ReEncryptOperation implements KmsOperation<ReEncryptRequest, ReEncryptResponse> {
  private final SymmetricCrypto crypto;

  ReEncryptOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public ReEncryptResponse execute(ReEncryptRequest request, OperationContext context) {
    Validation.required(request.ciphertextBlob(), "ciphertextBlob");
    Validation.required(request.destinationKeyId(), "destinationKeyId");
    Validation.grantTokens(request.grantTokens());
    EncryptionContext source =
        EncryptionContext.of(request.sourceEncryptionContext(), "sourceEncryptionContext");
    EncryptionContext destination =
        EncryptionContext.of(
            request.destinationEncryptionContext(), "destinationEncryptionContext");
    SymmetricCrypto.requireSymmetricAlgorithm(request.sourceEncryptionAlgorithm());
    SymmetricCrypto.requireSymmetricAlgorithm(request.destinationEncryptionAlgorithm());

    SymmetricCrypto.Opened opened =
        crypto.decrypt(
            request.ciphertextBlob(),
            "ciphertextBlob",
            source,
            request.sourceKeyId(),
            "sourceKeyId",
            "ReEncrypt",
            context,
            new CryptoAccess("ReEncryptFrom", source, request.grantTokens()));
    try {
      KmsKey destinationKey =
          crypto.encryptionKey(
              request.destinationKeyId(),
              "destinationKeyId",
              "ReEncrypt",
              context,
              new CryptoAccess("ReEncryptTo", destination, request.grantTokens()));
      if (Boolean.TRUE.equals(request.dryRun())) {
        throw KmsException.dryRun();
      }
      SymmetricCrypto.Sealed sealed =
          crypto.encrypt(destinationKey, opened.plaintext(), destination);
      return new ReEncryptResponse(
          sealed.blob(),
          opened.key().arn(),
          destinationKey.arn(),
          EncryptionAlgorithm.SYMMETRIC_DEFAULT,
          EncryptionAlgorithm.SYMMETRIC_DEFAULT,
          opened.version().materialId(),
          sealed.version().materialId());
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
  }
}
