package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyPrincipal;

/**
 * Whether a principal a grant names (its grantee or retiring principal) is the caller, in the terms
 * of {@link Decision}: the caller itself ({@link Decision#ALLOW}), or only its account ({@link
 * Decision#ALLOW_VIA_ACCOUNT}, which the account's identity policies must delegate).
 */
final class GrantPrincipals {
  private GrantPrincipals() {}

  /**
   * How {@code named} names the caller: its ARN (a user, an account root, an assumed-role session),
   * its role's ARN (a session of that role, as AWS matches grants and policies), the service it is;
   * or its account ({@code arn:aws:iam::<account>:root} or the bare account id) when the caller is
   * not that account's root.
   */
  static Decision match(String named, PolicyPrincipal caller) {
    if (named == null) {
      return Decision.NOT_ALLOWED;
    }
    if (caller.servicePrincipal() != null) {
      return named.equals(caller.servicePrincipal()) ? Decision.ALLOW : Decision.NOT_ALLOWED;
    }
    if (named.equals(caller.arn()) || named.equals(caller.roleArn())) {
      return Decision.ALLOW;
    }
    if (named.equals(caller.accountRootArn()) || named.equals(caller.accountId())) {
      return caller.isAccountRoot() ? Decision.ALLOW : Decision.ALLOW_VIA_ACCOUNT;
    }
    return Decision.NOT_ALLOWED;
  }

  /**
   * What the grant itself says about the caller retiring it: as its retiring principal, or as its
   * grantee when it allows RetireGrant (whichever is stronger).
   */
  static Decision retirement(Grant grant, PolicyPrincipal caller) {
    Decision asRetiree = match(grant.retiree(), caller);
    if (!grant.allowsOperation(GrantOperation.RetireGrant)) {
      return asRetiree;
    }
    return asRetiree.and(match(grant.grantee(), caller));
  }
}
