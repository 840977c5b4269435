package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Key rotation. One Funqy function per KMS operation, named as the operation; each deployed as its
 * own Lambda.
 */
public class RotationFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("EnableKeyRotation")
  public EmptyResponse enableKeyRotation(EnableKeyRotationRequest request) {
    return kms.invoke(kms.enableKeyRotation, request, invocation.context());
  }

  @Funq("DisableKeyRotation")
  public EmptyResponse disableKeyRotation(DisableKeyRotationRequest request) {
    return kms.invoke(kms.disableKeyRotation, request, invocation.context());
  }

  @Funq("GetKeyRotationStatus")
  public GetKeyRotationStatusResponse getKeyRotationStatus(GetKeyRotationStatusRequest request) {
    return kms.invoke(kms.getKeyRotationStatus, request, invocation.context());
  }

  @Funq("RotateKeyOnDemand")
  public RotateKeyOnDemandResponse rotateKeyOnDemand(RotateKeyOnDemandRequest request) {
    return kms.invoke(kms.rotateKeyOnDemand, request, invocation.context());
  }

  @Funq("ListKeyRotations")
  public ListKeyRotationsResponse listKeyRotations(ListKeyRotationsRequest request) {
    return kms.invoke(kms.listKeyRotations, request, invocation.context());
  }
}
