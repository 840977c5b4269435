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
 * without the plaintext leaving the service. Either side may be an RSA encryption key, as AWS
 * allows: an RSA source ciphertext needs SourceKeyId and SourceEncryptionAlgorithm, an RSA
 * destination DestinationEncryptionAlgorithm ({@link AsymmetricCrypto}).
 *
 * <p>Errors: those of Decrypt for the source and of Encrypt for the destination. Audit event {@code
 * ReEncrypt} with both keys as resources.
 */
final class ReEncryptOperation implements KmsOperation<ReEncryptRequest, ReEncryptResponse> {
  private final SymmetricCrypto crypto;
  private final AsymmetricCrypto asymmetric;

  ReEncryptOperation(SymmetricCrypto crypto, AsymmetricCrypto asymmetric) {
    this.crypto = crypto;
    this.asymmetric = asymmetric;
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
    EncryptionAlgorithm sourceAlgorithm = request.sourceEncryptionAlgorithm();
    boolean asymmetricSource =
        AsymmetricCrypto.takesAsymmetricPath(request.sourceKeyId(), sourceAlgorithm);
    if (!asymmetricSource) {
      SymmetricCrypto.requireSymmetricAlgorithm(sourceAlgorithm);
    }

    CryptoAccess sourceAccess = new CryptoAccess("ReEncryptFrom", source, request.grantTokens());
    SymmetricCrypto.Opened opened =
        asymmetricSource
            ? asymmetric.decrypt(
                request.ciphertextBlob(),
                "ciphertextBlob",
                request.sourceKeyId(),
                "sourceKeyId",
                sourceAlgorithm,
                source,
                "ReEncrypt",
                sourceAccess,
                context)
            : crypto.decrypt(
                request.ciphertextBlob(),
                "ciphertextBlob",
                source,
                request.sourceKeyId(),
                "sourceKeyId",
                "ReEncrypt",
                context,
                sourceAccess);
    try {
      CryptoAccess destinationAccess =
          new CryptoAccess("ReEncryptTo", destination, request.grantTokens());
      KmsKey destinationKey =
          crypto.resolve(request.destinationKeyId(), "destinationKeyId", context);
      byte[] blob;
      String destinationMaterialId;
      EncryptionAlgorithm destinationAlgorithm;
      if (AsymmetricCrypto.encrypts(destinationKey)) {
        blob =
            asymmetric.encrypt(
                destinationKey,
                request.destinationKeyId(),
                opened.plaintext(),
                request.destinationEncryptionAlgorithm(),
                destination,
                destinationAccess,
                request.dryRun(),
                context);
        destinationMaterialId = destinationKey.primaryVersion().materialId();
        destinationAlgorithm = request.destinationEncryptionAlgorithm();
      } else {
        crypto.checkedEncryptionKey(
            destinationKey, request.destinationKeyId(), "ReEncrypt", context, destinationAccess);
        SymmetricCrypto.requireSymmetricAlgorithm(request.destinationEncryptionAlgorithm());
        if (Boolean.TRUE.equals(request.dryRun())) {
          throw KmsException.dryRun();
        }
        SymmetricCrypto.Sealed sealed =
            crypto.encrypt(destinationKey, opened.plaintext(), destination);
        blob = sealed.blob();
        destinationMaterialId = sealed.version().materialId();
        destinationAlgorithm = EncryptionAlgorithm.SYMMETRIC_DEFAULT;
      }
      return new ReEncryptResponse(
          blob,
          opened.key().arn(),
          destinationKey.arn(),
          asymmetricSource ? sourceAlgorithm : EncryptionAlgorithm.SYMMETRIC_DEFAULT,
          destinationAlgorithm,
          opened.version().materialId(),
          destinationMaterialId);
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
  }
}
