package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GetPublicKeyRequest;
import dev.serverlesskms.core.api.GetPublicKeyResponse;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import java.util.List;

/**
 * KMS {@code GetPublicKey}: the public key of an asymmetric key (X.509 SubjectPublicKeyInfo, DER),
 * with what a caller needs to use it offline: spec, usage and the algorithms of that usage.
 *
 * <p>Errors: NotFoundException, UnsupportedOperationException (symmetric and HMAC keys),
 * DisabledException, KMSInvalidStateException, KeyUnavailableException. Audit event {@code
 * GetPublicKey}.
 */
final class GetPublicKeyOperation
    implements KmsOperation<GetPublicKeyRequest, GetPublicKeyResponse> {
  private final AsymmetricCrypto crypto;

  GetPublicKeyOperation(AsymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  @Override
  public GetPublicKeyResponse execute(GetPublicKeyRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.grantTokens(request.grantTokens());
    KmsKey key = crypto.publicKeyHolder(request.keyId(), request.grantTokens(), context);
    return new GetPublicKeyResponse(
        key.arn(),
        crypto.publicKey(key),
        key.keySpec(),
        key.keySpec(),
        key.keyUsage(),
        orNull(key.keySpec().encryptionAlgorithms(key.keyUsage())),
        orNull(key.keySpec().signingAlgorithms(key.keyUsage())),
        orNull(key.keySpec().keyAgreementAlgorithms(key.keyUsage())));
  }

  private static <T> List<T> orNull(List<T> algorithms) {
    return algorithms.isEmpty() ? null : algorithms;
  }
}
