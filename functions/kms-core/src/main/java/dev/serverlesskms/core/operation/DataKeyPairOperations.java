package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GenerateDataKeyPairRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairResponse;
import dev.serverlesskms.core.api.GenerateDataKeyPairWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairWithoutPlaintextResponse;
import dev.serverlesskms.core.api.RecipientInfo;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.Enclave;
import java.util.List;
import java.util.Map;

/**
 * KMS {@code GenerateDataKeyPair} and {@code GenerateDataKeyPairWithoutPlaintext}: a fresh key pair
 * of any DataKeyPairSpec but SM2, made inside the enclave; the public key (SubjectPublicKeyInfo
 * DER), the private key (PKCS#8 DER, GenerateDataKeyPair only) and the private key encrypted under
 * a symmetric encryption key with the encryption context, as a ciphertext blob Decrypt takes.
 *
 * <p>Errors: ValidationException (members; a Recipient, see {@link Recipients}), NotFoundException,
 * InvalidKeyUsageException (a key that is not a symmetric encryption key), DisabledException,
 * KMSInvalidStateException, UnsupportedOperationException (SM2), DryRunOperationException. Audit
 * events with the key, the pair spec and the encryption context, never a private key. Condition
 * keys: {@code kms:DataKeyPairSpec}, {@code kms:EncryptionAlgorithm}, {@code
 * kms:EncryptionContext:*}, {@code kms:EncryptionContextKeys}, {@code kms:RequestAlias}.
 */
final class DataKeyPairOperations {
  private final SymmetricCrypto crypto;

  DataKeyPairOperations(SymmetricCrypto crypto) {
    this.crypto = crypto;
  }

  GenerateDataKeyPairResponse generate(
      GenerateDataKeyPairRequest request, OperationContext context) {
    Generated generated =
        generate(
            request.keyId(),
            request.keyPairSpec(),
            request.encryptionContext(),
            request.grantTokens(),
            request.recipient(),
            request.dryRun(),
            "GenerateDataKeyPair",
            context);
    return new GenerateDataKeyPairResponse(
        generated.pair().sealedPrivateKey(),
        generated.pair().privateKey(),
        generated.pair().publicKey(),
        generated.key().arn(),
        request.keyPairSpec(),
        generated.key().primaryVersion().materialId());
  }

  GenerateDataKeyPairWithoutPlaintextResponse generateWithoutPlaintext(
      GenerateDataKeyPairWithoutPlaintextRequest request, OperationContext context) {
    Generated generated =
        generate(
            request.keyId(),
            request.keyPairSpec(),
            request.encryptionContext(),
            request.grantTokens(),
            null,
            request.dryRun(),
            "GenerateDataKeyPairWithoutPlaintext",
            context);
    return new GenerateDataKeyPairWithoutPlaintextResponse(
        generated.pair().sealedPrivateKey(),
        generated.pair().publicKey(),
        generated.key().arn(),
        request.keyPairSpec(),
        generated.key().primaryVersion().materialId());
  }

  /** A pair made for a request, its private key sealed as a ciphertext blob, and the key. */
  private record Generated(KmsKey key, Enclave.DataKeyPair pair) {}

  private Generated generate(
      String keyIdMember,
      DataKeyPairSpec pairSpec,
      Map<String, String> context,
      List<String> grantTokens,
      RecipientInfo recipient,
      Boolean dryRun,
      String operation,
      OperationContext operationContext) {
    Validation.required(keyIdMember, "keyId");
    Validation.required(pairSpec, "keyPairSpec");
    Validation.grantTokens(grantTokens);
    EncryptionContext encryptionContext = EncryptionContext.of(context, "encryptionContext");
    Recipients.requireNone(recipient);
    if (!pairSpec.keySpec().offered()) {
      // AWS offers SM2 in its China Regions only. The text is inferred from AWS's CreateKey answer
      // outside them ("KeySpec SM2 is not supported in this Region", reported, not validated here).
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          "KeyPairSpec " + pairSpec + " is not supported in this Region");
    }
    CryptoAccess access = new CryptoAccess(operation, encryptionContext, grantTokens);
    ConditionContext pairSpecCondition =
        ConditionContext.builder().put("kms:DataKeyPairSpec", pairSpec.toString()).build();
    KmsKey key =
        crypto.encryptionKey(
            keyIdMember,
            "keyId",
            operation,
            operationContext,
            (resolved, member) -> access.on(resolved, member).withConditions(pairSpecCondition));
    if (Boolean.TRUE.equals(dryRun)) {
      throw KmsException.dryRun();
    }
    return new Generated(key, crypto.generateDataKeyPair(key, pairSpec, encryptionContext));
  }
}
