package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Key policies. One Funqy function per KMS operation, named as the operation; each deployed as its
 * own Lambda.
 */
public class PolicyFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("GetKeyPolicy")
  public GetKeyPolicyResponse getKeyPolicy(GetKeyPolicyRequest request) {
    return kms.invoke(kms.getKeyPolicy, request, invocation.context());
  }

  @Funq("PutKeyPolicy")
  public EmptyResponse putKeyPolicy(PutKeyPolicyRequest request) {
    return kms.invoke(kms.putKeyPolicy, request, invocation.context());
  }

  @Funq("ListKeyPolicies")
  public ListKeyPoliciesResponse listKeyPolicies(ListKeyPoliciesRequest request) {
    return kms.invoke(kms.listKeyPolicies, request, invocation.context());
  }
}
