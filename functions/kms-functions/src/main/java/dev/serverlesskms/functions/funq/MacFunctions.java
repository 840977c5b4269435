package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** HMAC operations. One Funqy function per KMS operation, named as the operation. */
public class MacFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("GenerateMac")
  public GenerateMacResponse generateMac(GenerateMacRequest request) {
    return kms.invoke(kms.generateMac, request, invocation.context());
  }

  @Funq("VerifyMac")
  public VerifyMacResponse verifyMac(VerifyMacRequest request) {
    return kms.invoke(kms.verifyMac, request, invocation.context());
  }
}
