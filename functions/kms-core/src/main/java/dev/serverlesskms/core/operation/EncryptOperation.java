package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;

/**
 * KMS {@code Encrypt}: encrypts 1 to 4096 bytes under the key's primary version, binding the
 * encryption context.
 *
 * <p>Errors: ValidationException (limits), NotFoundException, DisabledException,
 * KMSInvalidStateException, InvalidKeyUsageException, DryRunOperationException. Audit event {@code
 * Encrypt} (no plaintext).
 */
final class EncryptOperation implements KmsOperation<EncryptRequest, EncryptResponse> {
  static final int MAX_PLAINTEXT_BYTES = 4096;

  private final SymmetricCrypto crypto;

  EncryptOperation(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public EncryptResponse execute(EncryptRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.plaintext(), "plaintext");
    Validation.blobLength(request.plaintext(), 1, MAX_PLAINTEXT_BYTES, "plaintext");
    Validation.grantTokens(request.grantTokens());
    EncryptionContext encryptionContext =
        EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    KmsKey key =
        crypto.encryptionKey(
            request.keyId(),
            "keyId",
            "Encrypt",
            context,
            new CryptoAccess("Encrypt", encryptionContext, request.grantTokens()));
    SymmetricCrypto.requireSymmetricAlgorithm(request.encryptionAlgorithm());
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    SymmetricCrypto.Sealed sealed = crypto.encrypt(key, request.plaintext(), encryptionContext);
    return new EncryptResponse(sealed.blob(), key.arn(), EncryptionAlgorithm.SYMMETRIC_DEFAULT);
  }
}
