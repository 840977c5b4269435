package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Aliases. One Funqy function per KMS operation, named as the operation; each deployed as its own
 * Lambda.
 */
public class AliasFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("CreateAlias")
  public EmptyResponse createAlias(CreateAliasRequest request) {
    return kms.invoke(kms.createAlias, request, invocation.context());
  }

  @Funq("UpdateAlias")
  public EmptyResponse updateAlias(UpdateAliasRequest request) {
    return kms.invoke(kms.updateAlias, request, invocation.context());
  }

  @Funq("DeleteAlias")
  public EmptyResponse deleteAlias(DeleteAliasRequest request) {
    return kms.invoke(kms.deleteAlias, request, invocation.context());
  }

  @Funq("ListAliases")
  public ListAliasesResponse listAliases(ListAliasesRequest request) {
    return kms.invoke(kms.listAliases, request, invocation.context());
  }
}
