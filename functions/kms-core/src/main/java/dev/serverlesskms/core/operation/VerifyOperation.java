package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.VerifyRequest;
import dev.serverlesskms.core.api.VerifyResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MessageType;

/**
 * KMS {@code Verify}: checks a signature (1 to 6144 bytes) of a message, digest or external mu, by
 * Sign's rules. A signature that does not verify is KMSInvalidSignatureException with an empty
 * message, as AWS answers (LocalStack's AWS-validated snapshot test_sign_verify): nothing says why.
 *
 * <p>Errors: those of Sign, and KMSInvalidSignatureException. Audit event {@code Verify} (key,
 * algorithm and message type; never the message or the signature).
 */
final class VerifyOperation implements KmsOperation<VerifyRequest, VerifyResponse> {
  static final int MAX_SIGNATURE_BYTES = 6144;

  private final AsymmetricCrypto crypto;

  VerifyOperation(AsymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public VerifyResponse execute(VerifyRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.message(), "message");
    Validation.blobLength(request.message(), 1, SignOperation.MAX_MESSAGE_BYTES, "message");
    Validation.required(request.signature(), "signature");
    Validation.blobLength(request.signature(), 1, MAX_SIGNATURE_BYTES, "signature");
    Validation.required(request.signingAlgorithm(), "signingAlgorithm");
    Validation.grantTokens(request.grantTokens());
    MessageType messageType =
        request.messageType() == null ? MessageType.RAW : request.messageType();
    KmsKey key =
        crypto.signingKey(
            request.keyId(),
            "Verify",
            request.signingAlgorithm(),
            messageType,
            request.grantTokens(),
            context);
    SigningRules.requireMessage(
        key.keySpec(), request.signingAlgorithm(), messageType, request.message());
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    if (!crypto.verify(
        key, request.signingAlgorithm(), messageType, request.message(), request.signature())) {
      throw KmsException.of(KmsErrorType.KMS_INVALID_SIGNATURE, "");
    }
    return new VerifyResponse(key.arn(), true, request.signingAlgorithm());
  }
}
