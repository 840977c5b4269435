package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Data key pairs and key agreement. One Funqy function per KMS operation, named as the operation.
 */
public class KeyPairFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("GenerateDataKeyPair")
  public GenerateDataKeyPairResponse generateDataKeyPair(GenerateDataKeyPairRequest request) {
    return kms.invoke(kms.generateDataKeyPair, request, invocation.context());
  }

  @Funq("GenerateDataKeyPairWithoutPlaintext")
  public GenerateDataKeyPairWithoutPlaintextResponse generateDataKeyPairWithoutPlaintext(
      GenerateDataKeyPairWithoutPlaintextRequest request) {
    return kms.invoke(kms.generateDataKeyPairWithoutPlaintext, request, invocation.context());
  }

  @Funq("DeriveSharedSecret")
  public DeriveSharedSecretResponse deriveSharedSecret(DeriveSharedSecretRequest request) {
    return kms.invoke(kms.deriveSharedSecret, request, invocation.context());
  }
}
