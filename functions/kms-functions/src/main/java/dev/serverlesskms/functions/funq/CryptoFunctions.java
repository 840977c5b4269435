package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Cryptographic operations. One Funqy function per KMS operation, named as the operation; each
 * deployed as its own Lambda.
 */
public class CryptoFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("Encrypt")
  public EncryptResponse encrypt(EncryptRequest request) {
    return kms.invoke(kms.encrypt, request, invocation.context());
  }

  @Funq("Decrypt")
  public DecryptResponse decrypt(DecryptRequest request) {
    return kms.invoke(kms.decrypt, request, invocation.context());
  }

  @Funq("ReEncrypt")
  public ReEncryptResponse reEncrypt(ReEncryptRequest request) {
    return kms.invoke(kms.reEncrypt, request, invocation.context());
  }

  @Funq("GenerateDataKey")
  public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
    return kms.invoke(kms.generateDataKey, request, invocation.context());
  }

  @Funq("GenerateDataKeyWithoutPlaintext")
  public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(
      GenerateDataKeyWithoutPlaintextRequest request) {
    return kms.invoke(kms.generateDataKeyWithoutPlaintext, request, invocation.context());
  }

  @Funq("GenerateRandom")
  public GenerateRandomResponse generateRandom(GenerateRandomRequest request) {
    return kms.invoke(kms.generateRandom, request, invocation.context());
  }
}
