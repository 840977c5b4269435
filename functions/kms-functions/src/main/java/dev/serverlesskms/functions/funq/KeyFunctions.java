package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Key management. One Funqy function per KMS operation, named as the operation; each deployed as
 * its own Lambda.
 */
public class KeyFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("CreateKey")
  public CreateKeyResponse createKey(CreateKeyRequest request) {
    return kms.invoke(kms.createKey, request, invocation.context());
  }

  @Funq("DescribeKey")
  public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
    return kms.invoke(kms.describeKey, request, invocation.context());
  }

  @Funq("ListKeys")
  public ListKeysResponse listKeys(ListKeysRequest request) {
    return kms.invoke(kms.listKeys, request, invocation.context());
  }

  @Funq("UpdateKeyDescription")
  public EmptyResponse updateKeyDescription(UpdateKeyDescriptionRequest request) {
    return kms.invoke(kms.updateKeyDescription, request, invocation.context());
  }

  @Funq("EnableKey")
  public EmptyResponse enableKey(EnableKeyRequest request) {
    return kms.invoke(kms.enableKey, request, invocation.context());
  }

  @Funq("DisableKey")
  public EmptyResponse disableKey(DisableKeyRequest request) {
    return kms.invoke(kms.disableKey, request, invocation.context());
  }

  @Funq("GetKeyLastUsage")
  public GetKeyLastUsageResponse getKeyLastUsage(GetKeyLastUsageRequest request) {
    return kms.invoke(kms.getKeyLastUsage, request, invocation.context());
  }
}
