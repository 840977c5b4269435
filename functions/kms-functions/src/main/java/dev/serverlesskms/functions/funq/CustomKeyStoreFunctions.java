package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Custom key stores (docs/custom-key-stores.md). One Funqy function per KMS operation, named as the
 * operation; each deployed as its own Lambda.
 */
public class CustomKeyStoreFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("CreateCustomKeyStore")
  public CreateCustomKeyStoreResponse createCustomKeyStore(CreateCustomKeyStoreRequest request) {
    return kms.invoke(kms.createCustomKeyStore, request, invocation.context());
  }

  @Funq("DescribeCustomKeyStores")
  public DescribeCustomKeyStoresResponse describeCustomKeyStores(
      DescribeCustomKeyStoresRequest request) {
    return kms.invoke(kms.describeCustomKeyStores, request, invocation.context());
  }

  @Funq("ConnectCustomKeyStore")
  public EmptyResponse connectCustomKeyStore(ConnectCustomKeyStoreRequest request) {
    return kms.invoke(kms.connectCustomKeyStore, request, invocation.context());
  }

  @Funq("DisconnectCustomKeyStore")
  public EmptyResponse disconnectCustomKeyStore(DisconnectCustomKeyStoreRequest request) {
    return kms.invoke(kms.disconnectCustomKeyStore, request, invocation.context());
  }

  @Funq("UpdateCustomKeyStore")
  public EmptyResponse updateCustomKeyStore(UpdateCustomKeyStoreRequest request) {
    return kms.invoke(kms.updateCustomKeyStore, request, invocation.context());
  }

  @Funq("DeleteCustomKeyStore")
  public EmptyResponse deleteCustomKeyStore(DeleteCustomKeyStoreRequest request) {
    return kms.invoke(kms.deleteCustomKeyStore, request, invocation.context());
  }
}
