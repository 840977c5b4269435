package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.DeriveSharedSecretRequest;
import dev.serverlesskms.core.api.DeriveSharedSecretResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.InvalidPeerPublicKeyException;

/**
 * KMS {@code DeriveSharedSecret}: ECDH between a KEY_AGREEMENT key's private key (ECC_NIST_P256,
 * P384, P521) and a peer's public key (SubjectPublicKeyInfo DER, 1..8192 bytes) on the same curve;
 * returns the raw shared secret, as AWS does (it equals what OpenSSL's ECDH derives; AWS-validated
 * by LocalStack's test_derive_shared_secret_matches_openssl).
 *
 * <p>Errors: ValidationException (members; a peer key that does not parse or is not a point of the
 * key's curve, with an empty message as AWS answers an unparsable one; a Recipient, see {@link
 * Recipients}), NotFoundException, InvalidKeyUsageException, DisabledException,
 * KMSInvalidStateException, DryRunOperationException. Audit event {@code DeriveSharedSecret} with
 * the key and the algorithm, never the secret. Condition key {@code kms:KeyAgreementAlgorithm}.
 */
final class DeriveSharedSecretOperation {
  static final int MAX_PUBLIC_KEY_BYTES = 8192;

  private final KeyUse keys;
  private final Enclave enclave;

  DeriveSharedSecretOperation(KeyUse keys, Enclave enclave) {
    this.keys = keys;
    this.enclave = enclave;
  }

  DeriveSharedSecretResponse derive(DeriveSharedSecretRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.keyAgreementAlgorithm(), "keyAgreementAlgorithm");
    Validation.required(request.publicKey(), "publicKey");
    Validation.blobLength(request.publicKey(), 1, MAX_PUBLIC_KEY_BYTES, "publicKey");
    Validation.grantTokens(request.grantTokens());
    Recipients.requireNone(request.recipient());
    KmsKey key =
        keys.key(
            request.keyId(),
            "DeriveSharedSecret",
            KeyUsage.KEY_AGREEMENT,
            ConditionContext.builder()
                .put("kms:KeyAgreementAlgorithm", request.keyAgreementAlgorithm().toString())
                .build(),
            request.grantTokens(),
            context);
    if (!key.keySpec()
        .keyAgreementAlgorithms(key.keyUsage())
        .contains(request.keyAgreementAlgorithm())) {
      throw KeyUse.incompatibleAlgorithm(request.keyAgreementAlgorithm(), key.keySpec());
    }
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    KeyVersion version = key.primaryVersion();
    byte[] secret;
    try {
      secret =
          SymmetricCrypto.unwrapping(
              key,
              () ->
                  enclave.deriveSharedSecret(
                      new KeyVersionRef(key.keyId(), version.number()),
                      key.keySpec(),
                      version.material(),
                      request.keyAgreementAlgorithm(),
                      request.publicKey()));
    } catch (InvalidPeerPublicKeyException e) {
      // AWS answers a peer key that does not parse with ValidationException and an empty message
      // (AWS-validated); a key of another curve, or not a point of it, the same way (inferred).
      throw Validation.plain("");
    }
    return new DeriveSharedSecretResponse(
        key.arn(), secret, request.keyAgreementAlgorithm(), key.origin());
  }
}
