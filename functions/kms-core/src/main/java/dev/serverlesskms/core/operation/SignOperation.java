package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.SignRequest;
import dev.serverlesskms.core.api.SignResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MessageType;

/**
 * KMS {@code Sign}: signs a message of 1 to 4096 bytes (RAW), its digest (DIGEST) or an ML-DSA
 * external mu (EXTERNAL_MU) with an asymmetric SIGN_VERIFY key; {@link SigningRules} holds AWS's
 * rules on algorithms and messages.
 *
 * <p>Errors: ValidationException, NotFoundException, DisabledException, KMSInvalidStateException,
 * InvalidKeyUsageException, DryRunOperationException. Audit event {@code Sign} (key, algorithm and
 * message type; never the message or the signature).
 */
final class SignOperation implements KmsOperation<SignRequest, SignResponse> {
  static final int MAX_MESSAGE_BYTES = 4096;

  private final AsymmetricCrypto crypto;

  SignOperation(AsymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public SignResponse execute(SignRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.message(), "message");
    Validation.blobLength(request.message(), 1, MAX_MESSAGE_BYTES, "message");
    Validation.required(request.signingAlgorithm(), "signingAlgorithm");
    Validation.grantTokens(request.grantTokens());
    MessageType messageType =
        request.messageType() == null ? MessageType.RAW : request.messageType();
    KmsKey key =
        crypto.signingKey(
            request.keyId(),
            "Sign",
            request.signingAlgorithm(),
            messageType,
            request.grantTokens(),
            context);
    SigningRules.requireMessage(
        key.keySpec(), request.signingAlgorithm(), messageType, request.message());
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    byte[] signature = crypto.sign(key, request.signingAlgorithm(), messageType, request.message());
    return new SignResponse(key.arn(), signature, request.signingAlgorithm());
  }
}
