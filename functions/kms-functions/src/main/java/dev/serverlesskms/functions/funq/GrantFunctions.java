package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Grants. One Funqy function per KMS operation, named as the operation; each deployed as its own
 * Lambda.
 */
public class GrantFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("CreateGrant")
  public CreateGrantResponse createGrant(CreateGrantRequest request) {
    return kms.invoke(kms.createGrant, request, invocation.context());
  }

  @Funq("ListGrants")
  public ListGrantsResponse listGrants(ListGrantsRequest request) {
    return kms.invoke(kms.listGrants, request, invocation.context());
  }

  @Funq("ListRetirableGrants")
  public ListGrantsResponse listRetirableGrants(ListRetirableGrantsRequest request) {
    return kms.invoke(kms.listRetirableGrants, request, invocation.context());
  }

  @Funq("RetireGrant")
  public EmptyResponse retireGrant(RetireGrantRequest request) {
    return kms.invoke(kms.retireGrant, request, invocation.context());
  }

  @Funq("RevokeGrant")
  public EmptyResponse revokeGrant(RevokeGrantRequest request) {
    return kms.invoke(kms.revokeGrant, request, invocation.context());
  }
}
