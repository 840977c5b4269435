package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Asymmetric-key operations: Sign, Verify and GetPublicKey. One Funqy function per KMS operation,
 * named as the operation; each deployed as its own Lambda.
 */
public class SigningFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("Sign")
  public SignResponse sign(SignRequest request) {
    return kms.invoke(kms.sign, request, invocation.context());
  }

  @Funq("Verify")
  public VerifyResponse verify(VerifyRequest request) {
    return kms.invoke(kms.verify, request, invocation.context());
  }

  @Funq("GetPublicKey")
  public GetPublicKeyResponse getPublicKey(GetPublicKeyRequest request) {
    return kms.invoke(kms.getPublicKey, request, invocation.context());
  }
}
