package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.authz.AccessDenied.Reason;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.AccessRequest;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides whether a request may do what it asks, as AWS KMS documents it:
 *
 * <ol>
 *   <li>An explicit Deny in the key policy or in an identity policy of the caller refuses.
 *   <li>Otherwise a caller of the key's account is allowed when the key policy allows it directly,
 *       or allows its account (the account root: "delegate to IAM") and an identity policy of the
 *       caller allows the action.
 *   <li>A caller of another account needs both: the key policy must allow it or its account, and
 *       its own identity policies must allow the action.
 *   <li>Otherwise a grant on the key for the caller and the operation allows it; a grant to the
 *       caller's account only if an identity policy of the caller allows the action too.
 * </ol>
 *
 * An account root's identity policies allow everything (IAM cannot restrict a root), as do an AWS
 * service's. Operations without a key (CreateKey, ListKeys, ...) are IAM-only: an identity policy
 * must allow them, and this KMS serves one account, so callers of other accounts are refused them.
 */
public final class Authorizer {
  private final KmsLocation location;
  private final IdentityPolicies identityPolicies;
  private final GrantAuthority grants;
  private final Function<KmsKey, List<String>> aliasNamesOfKey;
  private final KeyPolicyCache keyPolicies = new KeyPolicyCache();

  /**
   * @param aliasNamesOfKey the alias names of a key ({@code alias/finance-key}), for {@code
   *     kms:ResourceAliases}, which holds names, not ARNs (KMS Developer Guide,
   *     "kms:ResourceAliases"); asked only when a policy conditions on it, once per request
   */
  public Authorizer(
      KmsLocation location,
      IdentityPolicies identityPolicies,
      GrantAuthority grants,
      Function<KmsKey, List<String>> aliasNamesOfKey) {
    this.location = location;
    this.identityPolicies = identityPolicies;
    this.grants = grants;
    this.aliasNamesOfKey = aliasNamesOfKey;
  }

  /**
   * Requires that the request's caller may take {@code access}.
   *
   * @throws dev.serverlesskms.core.error.KmsException AccessDeniedException with AWS's message
   */
  public void requireAllowed(RequestContext request, Instant now, KeyAccess access) {
    Reason refusal = refusal(request, now, access);
    if (refusal != null) {
      throw denied(request.caller(), access, refusal);
    }
  }

  /**
   * Whether the request's caller may take {@code access}, by the same evaluation as {@link
   * #requireAllowed}, without refusing. For questions about a key as it would be: the lockout
   * safety check of CreateKey and PutKeyPolicy asks whether the caller could still call
   * PutKeyPolicy on the key once it has its new policy.
   */
  public boolean wouldAllow(RequestContext request, Instant now, KeyAccess access) {
    return refusal(request, now, access) == null;
  }

  /** Why the caller may not take {@code access}, or {@code null} when it may. */
  private Reason refusal(RequestContext request, Instant now, KeyAccess access) {
    Caller caller = request.caller();
    PolicyPrincipal principal = PolicyPrincipal.of(caller);
    ConditionContext conditions =
        RequestConditions.of(request, principal, location, now)
            .with(keyConditions(access.key()))
            .with(access.conditions());
    AccessRequest question =
        new AccessRequest(principal, access.action(), access.resourceArn(), conditions);

    Decision keyPolicy = keyPolicies.of(access.key()).evaluate(question);
    if (keyPolicy == Decision.EXPLICIT_DENY) {
      return Reason.RESOURCE_POLICY_DENIES;
    }
    Decision identity = identityDecision(caller, principal, question);
    if (identity == Decision.EXPLICIT_DENY) {
      return Reason.IDENTITY_POLICY_DENIES;
    }
    boolean sameAccount = principal.accountId().equals(location.accountId());
    boolean keyPolicyAllows =
        keyPolicy == Decision.ALLOW || keyPolicy == Decision.ALLOW_VIA_ACCOUNT;
    boolean needsIdentity = !sameAccount || keyPolicy == Decision.ALLOW_VIA_ACCOUNT;
    if (keyPolicyAllows && (!needsIdentity || identity == Decision.ALLOW)) {
      return null;
    }
    if (access.grantOperation() != null) {
      Decision byGrant = grants.allows(access, principal, now);
      if (byGrant == Decision.ALLOW
          || (byGrant == Decision.ALLOW_VIA_ACCOUNT && identity == Decision.ALLOW)) {
        return null;
      }
    }
    return keyPolicyAllows ? Reason.NO_IDENTITY_POLICY_ALLOWS : Reason.NO_RESOURCE_POLICY_ALLOWS;
  }

  /**
   * Requires that an identity policy of the caller allows an action that acts on no key (CreateKey,
   * ListKeys, ListAliases, GenerateRandom, ...).
   *
   * @param resource {@code *}, or the alias ARN of an alias operation
   * @param conditions the request's condition keys ({@code kms:KeySpec} of a CreateKey, ...)
   */
  public void requireAccountAllows(
      RequestContext request,
      Instant now,
      String action,
      String resource,
      ConditionContext conditions) {
    Caller caller = request.caller();
    PolicyPrincipal principal = PolicyPrincipal.of(caller);
    AccessRequest question =
        new AccessRequest(
            principal,
            action,
            resource,
            RequestConditions.of(request, principal, location, now).with(conditions));
    Decision identity = identityDecision(caller, principal, question);
    if (identity == Decision.EXPLICIT_DENY) {
      throw AccessDenied.of(callerName(caller), action, resource, Reason.IDENTITY_POLICY_DENIES);
    }
    if (identity != Decision.ALLOW || !principal.accountId().equals(location.accountId())) {
      throw AccessDenied.of(callerName(caller), action, resource, Reason.NO_IDENTITY_POLICY_ALLOWS);
    }
  }

  /**
   * Requires that the caller may retire {@code grant} (RetireGrant), by AWS's rule, which the grant
   * decides and key policies do not ("kms:RetireGrant is not effective in a key policy"): its
   * retiring principal may; its grantee may if the grant allows RetireGrant; where either is an
   * account, principals of that account whose identity policies allow kms:RetireGrant may; and so
   * may the account the grant was created in (its root, or its principals whose identity policies
   * allow kms:RetireGrant). An explicit Deny of kms:RetireGrant in an identity policy refuses.
   *
   * @param keyArn the ARN of the grant's key, the resource of the question
   * @throws dev.serverlesskms.core.error.KmsException AccessDeniedException
   */
  public void requireMayRetire(RequestContext request, Instant now, Grant grant, String keyArn) {
    Caller caller = request.caller();
    PolicyPrincipal principal = PolicyPrincipal.of(caller);
    String action = "kms:RetireGrant";
    AccessRequest question =
        new AccessRequest(
            principal, action, keyArn, RequestConditions.of(request, principal, location, now));
    Decision identity = identityDecision(caller, principal, question);
    if (identity == Decision.EXPLICIT_DENY) {
      throw AccessDenied.of(callerName(caller), action, keyArn, Reason.IDENTITY_POLICY_DENIES);
    }
    Decision byGrant = GrantPrincipals.retirement(grant, principal);
    boolean issuingAccount = principal.accountRootArn().equals(grant.issuingAccount());
    if (byGrant == Decision.ALLOW
        || ((byGrant == Decision.ALLOW_VIA_ACCOUNT || issuingAccount)
            && identity == Decision.ALLOW)) {
      return;
    }
    throw AccessDenied.of(callerName(caller), action, keyArn, Reason.NO_IDENTITY_POLICY_ALLOWS);
  }

  private Decision identityDecision(
      Caller caller, PolicyPrincipal principal, AccessRequest question) {
    if (principal.isAccountRoot() || principal.servicePrincipal() != null) {
      return Decision.ALLOW;
    }
    Decision decision = Decision.NOT_ALLOWED;
    for (PolicyDocument policy : identityPolicies.of(caller)) {
      decision = decision.and(policy.evaluate(question));
      if (decision == Decision.EXPLICIT_DENY) {
        break;
      }
    }
    return decision == Decision.ALLOW_VIA_ACCOUNT ? Decision.NOT_ALLOWED : decision;
  }

  /** The key's condition keys, answered when asked; its aliases are read once, if asked. */
  private ConditionContext keyConditions(KmsKey key) {
    Supplier<List<String>> aliases =
        new Supplier<>() {
          private List<String> names;

          @Override
          public List<String> get() {
            if (names == null) {
              names = aliasNamesOfKey.apply(key);
            }
            return names;
          }
        };
    return ConditionContext.of(
        name ->
            switch (name) {
              case "kms:keyspec" -> List.of(key.keySpec().toString());
              case "kms:keyusage" -> List.of(key.keyUsage().name());
              case "kms:keyorigin" -> List.of(key.origin().name());
              case "kms:resourcealiases" -> aliases.get();
              default -> null;
            });
  }

  private static KmsException denied(Caller caller, KeyAccess access, Reason reason) {
    return AccessDenied.of(callerName(caller), access.action(), access.resourceArn(), reason);
  }

  private static String callerName(Caller caller) {
    return caller.arn() != null ? caller.arn() : caller.principalId();
  }
}
