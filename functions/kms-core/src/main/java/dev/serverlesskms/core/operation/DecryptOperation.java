package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;

/**
 * KMS {@code Decrypt}. KeyId is optional: the blob names its key and version.
 *
 * <p>Errors: InvalidCiphertextException (any damage, wrong context; empty message),
 * IncorrectKeyException (KeyId is not the blob's key), AccessDeniedException (the blob's key does
 * not exist here), DisabledException, KMSInvalidStateException, DryRunOperationException. Audit
 * event {@code Decrypt} (no plaintext).
 */
final class DecryptOperation implements KmsOperation<DecryptRequest, DecryptResponse> {
  private final SymmetricCrypto crypto;

  DecryptOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public DecryptResponse execute(DecryptRequest request, OperationContext context) {
    Validation.grantTokens(request.grantTokens());
    EncryptionContext encryptionContext =
        EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    SymmetricCrypto.requireSymmetricAlgorithm(request.encryptionAlgorithm());
    SymmetricCrypto.Opened opened =
        crypto.decrypt(
            request.ciphertextBlob(),
            "ciphertextBlob",
            encryptionContext,
            request.keyId(),
            "keyId",
            "Decrypt",
            context,
            new CryptoAccess("Decrypt", encryptionContext, request.grantTokens()));
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    return new DecryptResponse(
        opened.key().arn(),
        opened.plaintext(),
        EncryptionAlgorithm.SYMMETRIC_DEFAULT,
        opened.version().materialId());
  }
}
