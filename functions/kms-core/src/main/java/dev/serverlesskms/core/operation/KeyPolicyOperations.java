package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.GetKeyPolicyRequest;
import dev.serverlesskms.core.api.GetKeyPolicyResponse;
import dev.serverlesskms.core.api.ListKeyPoliciesRequest;
import dev.serverlesskms.core.api.ListKeyPoliciesResponse;
import dev.serverlesskms.core.api.PutKeyPolicyRequest;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyStateRule;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import java.util.List;

/**
 * KMS {@code GetKeyPolicy}, {@code PutKeyPolicy} and {@code ListKeyPolicies}. A key has one policy,
 * named {@code default}. Key id or key ARN only; every key state.
 *
 * <p>Authorization: {@code kms:GetKeyPolicy}, {@code kms:PutKeyPolicy}, {@code kms:ListKeyPolicies}
 * on the key (key policy; no grant allows them). An AWS managed key's fixed policy can be read, not
 * replaced.
 *
 * <p>Errors: ValidationException (member shapes), NotFoundException (the key; a policy name other
 * than {@code default}), AccessDeniedException, MalformedPolicyDocumentException (grammar; the
 * lockout safety check), InvalidMarkerException. PutKeyPolicy commits its audit record (with the
 * policy, as CloudTrail shows it) with the change.
 */
final class KeyPolicyOperations {
  private final KeyResolver resolver;
  private final KeyChanges changes;

  KeyPolicyOperations(KeyResolver resolver, KeyChanges changes) {
    this.resolver = resolver;
    this.changes = changes;
  }

  GetKeyPolicyResponse get(GetKeyPolicyRequest request, OperationContext context) {
    String policyName = KeyPolicies.policyName(request.policyName());
    KmsKey key = readable(request.keyId(), "GetKeyPolicy", context);
    KeyPolicies.requireDefault(policyName);
    return new GetKeyPolicyResponse(key.policy(), KeyPolicies.DEFAULT_POLICY_NAME);
  }

  EmptyResponse put(PutKeyPolicyRequest request, OperationContext context) {
    String policyName = KeyPolicies.policyName(request.policyName());
    Validation.required(request.policy(), "policy");
    Validation.length(request.policy(), 1, 131072, "policy");
    return changes.apply(
        request.keyId(),
        context,
        key -> {
          // KeyChanges has authorized kms:PutKeyPolicy on the key as stored at this attempt; then
          // the request's rules.
          KeyPolicies.requireDefault(policyName);
          KmsKey replaced = key.replacePolicy(KeyPolicies.validPolicy(request.policy(), "policy"));
          KeyPolicies.requireNoLockout(replaced, request.bypassPolicyLockoutSafetyCheck(), context);
          return replaced;
        },
        key -> EmptyResponse.INSTANCE);
  }

  ListKeyPoliciesResponse list(ListKeyPoliciesRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 100, 1000);
    String marker = Paging.marker(request.marker());
    readable(request.keyId(), "ListKeyPolicies", context);
    List<String> names = List.of(KeyPolicies.DEFAULT_POLICY_NAME);
    int from = Paging.fromIndexMarker("policies", marker, names.size());
    int to = Math.min(names.size(), from + limit);
    boolean truncated = to < names.size();
    return new ListKeyPoliciesResponse(
        names.subList(from, to), truncated ? Paging.indexMarker("policies", to) : null, truncated);
  }

  /** The key a Get or List request names, authorized for {@code operation}, in any state. */
  private KmsKey readable(String keyId, String operation, OperationContext context) {
    KmsKey key = resolver.resolve(keyId, "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(operation, key);
    KeyStateRule.ANY.check(key);
    return key;
  }
}
