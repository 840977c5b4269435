package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.policy.PrincipalMatcher.Match;

/**
 * One compiled statement: its effect, whom it names, the actions and resources it covers, and its
 * conditions. Evaluation tests the cheap parts first (action, principal) and the conditions last.
 */
final class Statement {
  private final boolean deny;
  private final PrincipalMatcher principals;
  private final boolean notPrincipal;
  private final ActionMatcher actions;
  private final ResourceMatcher resources;
  private final ConditionBlock conditions;

  /**
   * @param principals the statement's Principal or NotPrincipal, or {@code null} in an identity
   *     policy (whose statements apply to the policy's owner)
   */
  Statement(
      boolean deny,
      PrincipalMatcher principals,
      boolean notPrincipal,
      ActionMatcher actions,
      ResourceMatcher resources,
      ConditionBlock conditions) {
    this.deny = deny;
    this.principals = principals;
    this.notPrincipal = notPrincipal;
    this.actions = actions;
    this.resources = resources;
    this.conditions = conditions;
  }

  boolean isDeny() {
    return deny;
  }

  /**
   * @param lowerCaseAction the request's action, lower-cased once by the document
   */
  Decision evaluate(AccessRequest request, String lowerCaseAction) {
    if (!actions.applies(lowerCaseAction)) {
      return Decision.NOT_ALLOWED;
    }
    Match match = principalMatch(request.principal());
    if (match == Match.NONE
        || !resources.applies(request.resource(), request.conditions())
        || !conditions.holds(request.conditions())) {
      return Decision.NOT_ALLOWED;
    }
    if (deny) {
      return Decision.EXPLICIT_DENY;
    }
    return match == Match.VIA_ACCOUNT ? Decision.ALLOW_VIA_ACCOUNT : Decision.ALLOW;
  }

  private Match principalMatch(PolicyPrincipal caller) {
    if (principals == null) {
      return Match.DIRECT;
    }
    if (!notPrincipal) {
      return principals.match(caller);
    }
    // NotPrincipal: a Deny spares only a caller all of whose identities are listed; an Allow
    // applies to a caller none of whose identities is (IAM User Guide, NotPrincipal).
    boolean spared =
        deny ? principals.listsEveryIdentityOf(caller) : principals.listsAnyIdentityOf(caller);
    return spared ? Match.NONE : Match.DIRECT;
  }
}
