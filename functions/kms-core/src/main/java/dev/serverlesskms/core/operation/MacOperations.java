package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateMacRequest;
import dev.serverlesskms.core.api.GenerateMacResponse;
import dev.serverlesskms.core.api.VerifyMacRequest;
import dev.serverlesskms.core.api.VerifyMacResponse;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.Enclave;
import java.util.List;

/**
 * KMS {@code GenerateMac} and {@code VerifyMac}: HMAC (RFC 2104) of a 1..4096-byte message under an
 * HMAC key (usage GENERATE_VERIFY_MAC) with the one MAC algorithm of its spec; a MAC that does not
 * verify is KMSInvalidMacException with an empty message, as AWS answers.
 *
 * <p>Errors: ValidationException (limits), NotFoundException, InvalidKeyUsageException (another
 * usage, or an algorithm of another spec), DisabledException, KMSInvalidStateException,
 * KMSInvalidMacException, DryRunOperationException. Audit events {@code GenerateMac} and {@code
 * VerifyMac} with the key and the algorithm, never the message or the MAC. Condition key {@code
 * kms:MacAlgorithm}.
 */
final class MacOperations {
  static final int MAX_MESSAGE_BYTES = 4096;
  static final int MAX_MAC_BYTES = 6144;

  private final KeyUse keys;
  private final Enclave enclave;

  MacOperations(KeyUse keys, Enclave enclave) {
    this.keys = keys;
    this.enclave = enclave;
  }

  GenerateMacResponse generate(GenerateMacRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.message(), "message");
    Validation.blobLength(request.message(), 1, MAX_MESSAGE_BYTES, "message");
    Validation.required(request.macAlgorithm(), "macAlgorithm");
    Validation.grantTokens(request.grantTokens());
    KmsKey key =
        hmacKey(
            request.keyId(), request.macAlgorithm(), request.grantTokens(), "GenerateMac", context);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    KeyVersion version = key.primaryVersion();
    byte[] mac =
        SymmetricCrypto.unwrapping(
            key,
            () ->
                enclave.generateMac(
                    ref(key, version),
                    key.keySpec(),
                    version.material(),
                    request.macAlgorithm(),
                    request.message()));
    return new GenerateMacResponse(mac, request.macAlgorithm(), key.arn());
  }

  VerifyMacResponse verify(VerifyMacRequest request, OperationContext context) {
    Validation.required(request.keyId(), "keyId");
    Validation.required(request.message(), "message");
    Validation.blobLength(request.message(), 1, MAX_MESSAGE_BYTES, "message");
    Validation.required(request.macAlgorithm(), "macAlgorithm");
    Validation.required(request.mac(), "mac");
    Validation.blobLength(request.mac(), 1, MAX_MAC_BYTES, "mac");
    Validation.grantTokens(request.grantTokens());
    KmsKey key =
        hmacKey(
            request.keyId(), request.macAlgorithm(), request.grantTokens(), "VerifyMac", context);
    if (Boolean.TRUE.equals(request.dryRun())) {
      throw KmsException.dryRun();
    }
    KeyVersion version = key.primaryVersion();
    boolean valid =
        SymmetricCrypto.unwrapping(
            key,
            () ->
                enclave.verifyMac(
                    ref(key, version),
                    key.keySpec(),
                    version.material(),
                    request.macAlgorithm(),
                    request.message(),
                    request.mac()));
    if (!valid) {
      // AWS answers a MAC that does not verify with an empty message (AWS-validated).
      throw KmsException.of(KmsErrorType.KMS_INVALID_MAC, "");
    }
    return new VerifyMacResponse(key.arn(), true, request.macAlgorithm());
  }

  /** An HMAC key, usable now, whose spec takes {@code algorithm}. */
  private KmsKey hmacKey(
      String keyIdMember,
      MacAlgorithm algorithm,
      List<String> grantTokens,
      String operation,
      OperationContext context) {
    KmsKey key =
        keys.key(
            keyIdMember,
            operation,
            KeyUsage.GENERATE_VERIFY_MAC,
            ConditionContext.builder().put("kms:MacAlgorithm", algorithm.toString()).build(),
            grantTokens,
            context);
    if (!key.keySpec().macAlgorithms(key.keyUsage()).contains(algorithm)) {
      throw KeyUse.incompatibleAlgorithm(algorithm, key.keySpec());
    }
    return key;
  }

  private static KeyVersionRef ref(KmsKey key, KeyVersion version) {
    return new KeyVersionRef(key.keyId(), version.number());
  }
}
