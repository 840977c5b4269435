package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;

/**
 * KMS {@code Encrypt}: encrypts 1 to 4096 bytes under a symmetric key's primary version, binding
 * the encryption context; or, under an RSA encryption key, RSAES-OAEP with the requested algorithm
 * and AWS's plaintext limit of the key size ({@link AsymmetricCrypto}).
 *
 * <p>Errors: ValidationException (limits), NotFoundException, DisabledException,
 * KMSInvalidStateException, InvalidKeyUsageException, DryRunOperationException. Audit event {@code
 * Encrypt} (no plaintext).
 */
final class EncryptOperation implements KmsOperation<EncryptRequest, EncryptResponse> {
  static final int MAX_PLAINTEXT_BYTES = 4096;

  private final SymmetricCrypto crypto;
  private final AsymmetricCrypto asymmetric;

  EncryptOperation(SymmetricCrypto crypto, AsymmetricCrypto asymmetric) {
    this.crypto = crypto;
    this.asymmetric = asymmetric;
  }

  @Override
  public EncryptResponse execute(EncryptRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.plaintext(), "plaintext");
    Validation.blobLength(request.plaintext(), 1, MAX_PLAINTEXT_BYTES, "plaintext");
    Validation.grantTokens(request.grantTokens());
    EncryptionContext encryptionContext =
        EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    CryptoAccess access = new CryptoAccess("Encrypt", encryptionContext, request.grantTokens());
    KmsKey key = crypto.resolve(request.keyId(), "keyId", context);
    if (AsymmetricCrypto.encrypts(key)) {
      byte[] ciphertext =
          asymmetric.encrypt(
              key,
              request.keyId(),
              request.plaintext(),
              request.encryptionAlgorithm(),
              encryptionContext,
              access,
              request.dryRun(),
              context);
      return new EncryptResponse(ciphertext, key.arn(), request.encryptionAlgorithm());
    }
    crypto.checkedEncryptionKey(key, request.keyId(), "Encrypt", context, access);
    SymmetricCrypto.requireSymmetricAlgorithm(request.encryptionAlgorithm());
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    SymmetricCrypto.Sealed sealed = crypto.encrypt(key, request.plaintext(), encryptionContext);
    return new EncryptResponse(sealed.blob(), key.arn(), EncryptionAlgorithm.SYMMETRIC_DEFAULT);
  }
}
