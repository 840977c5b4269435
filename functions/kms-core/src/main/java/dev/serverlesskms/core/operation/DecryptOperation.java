package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.EncryptionContext;

/**
 * KMS {@code Decrypt}. KeyId is optional for a symmetric ciphertext: the blob names its key and
 * version. With an RSAES_* EncryptionAlgorithm the ciphertext is a raw RSA ciphertext, and KeyId
 * names its key ({@link AsymmetricCrypto}).
 *
 * <p>Errors: InvalidCiphertextException (any damage, wrong context; empty message),
 * IncorrectKeyException (KeyId is not the blob's key), AccessDeniedException (the blob's key does
 * not exist here), DisabledException, KMSInvalidStateException, DryRunOperationException. Audit
 * event {@code Decrypt} (no plaintext).
 */
final class DecryptOperation implements KmsOperation<DecryptRequest, DecryptResponse> {
  private final SymmetricCrypto crypto;
  private final AsymmetricCrypto asymmetric;

  DecryptOperation(SymmetricCrypto crypto, AsymmetricCrypto asymmetric) {
    this.crypto = crypto;
    this.asymmetric = asymmetric;
  }

  @Override
  public DecryptResponse execute(DecryptRequest request, OperationContext context) {
    Validation.grantTokens(request.grantTokens());
    Recipients.requireNone(request.recipient());
    EncryptionContext encryptionContext =
        EncryptionContext.of(request.encryptionContext(), "encryptionContext");
    CryptoAccess access = new CryptoAccess("Decrypt", encryptionContext, request.grantTokens());
    EncryptionAlgorithm algorithm = request.encryptionAlgorithm();
    if (AsymmetricCrypto.takesAsymmetricPath(request.keyId(), algorithm)) {
      // An asymmetric ciphertext: raw RSA, decrypted with the named key and algorithm.
      SymmetricCrypto.Opened opened =
          asymmetric.decrypt(
              request.ciphertextBlob(),
              "ciphertextBlob",
              request.keyId(),
              "keyId",
              algorithm,
              encryptionContext,
              "Decrypt",
              access,
              context);
      if (Boolean.TRUE.equals(request.dryRun())) {
        throw KmsException.dryRun();
      }
      return new DecryptResponse(
          opened.key().arn(), opened.plaintext(), algorithm, opened.version().materialId());
    }
    SymmetricCrypto.requireSymmetricAlgorithm(algorithm);
    SymmetricCrypto.Opened opened =
        crypto.decrypt(
            request.ciphertextBlob(),
            "ciphertextBlob",
            encryptionContext,
            request.keyId(),
            "keyId",
            "Decrypt",
            context,
            access);
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
