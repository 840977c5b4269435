package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.ReplicateKeyRequest;
import dev.serverlesskms.core.api.ReplicateKeyResponse;
import dev.serverlesskms.core.api.UpdatePrimaryRegionRequest;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Multi-Region keys. One Funqy function per KMS operation, named as the operation; each deployed as
 * its own Lambda, in the primary key's region (the deployment's), reaching the other regions' keys
 * through the store.
 */
public class MultiRegionFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("ReplicateKey")
  public ReplicateKeyResponse replicateKey(ReplicateKeyRequest request) {
    return kms.invoke(kms.replicateKey, request, invocation.context());
  }

  @Funq("UpdatePrimaryRegion")
  public EmptyResponse updatePrimaryRegion(UpdatePrimaryRegionRequest request) {
    return kms.invoke(kms.updatePrimaryRegion, request, invocation.context());
  }
}
