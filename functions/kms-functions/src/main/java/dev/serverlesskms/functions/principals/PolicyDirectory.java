package dev.serverlesskms.functions.principals;

import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity policies of callers, from the principals of a principals document: a user's own, a
 * role session's role's (every session of a role has the role's policies), none for an account root
 * or a caller the document does not name. A user or role named by several entries (two access keys
 * of one user, two sessions of one role) has the policies of all of them, as IAM attaches several
 * policies to one identity.
 *
 * <p>Callers are matched by account and name, not by ARN: an assumed-role session's ARN does not
 * carry its role's path, and IAM names are unique in an account whatever their path.
 */
public final class PolicyDirectory implements IdentityPolicies {
  private final Map<String, List<PolicyDocument>> byHolder;

  private PolicyDirectory(Map<String, List<PolicyDocument>> byHolder) {
    this.byHolder = byHolder;
  }

  public static PolicyDirectory from(Collection<Principal> principals) {
    Map<String, List<PolicyDocument>> byHolder = new HashMap<>();
    for (Principal principal : principals) {
      String holder = principal.identity().policyHolder();
      if (holder != null && !principal.policies().isEmpty()) {
        byHolder.computeIfAbsent(holder, h -> new ArrayList<>()).addAll(principal.policies());
      }
    }
    byHolder.replaceAll((holder, policies) -> List.copyOf(policies));
    return new PolicyDirectory(Map.copyOf(byHolder));
  }

  @Override
  public List<PolicyDocument> of(Caller caller) {
    if (caller.arn() == null || byHolder.isEmpty()) {
      return List.of();
    }
    // null for a root, and for callers IAM verified that no document can name (federated users).
    String holder = Identity.policyHolderOf(caller.arn());
    return holder == null ? List.of() : byHolder.getOrDefault(holder, List.of());
  }
}
