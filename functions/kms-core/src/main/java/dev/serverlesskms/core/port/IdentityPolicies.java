package dev.serverlesskms.core.port;

import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.request.Caller;
import java.util.List;

/**
 * The identity (IAM) policies of callers: locally from the principals file, behind API Gateway from
 * the principals document stored with the deployment.
 */
@FunctionalInterface
public interface IdentityPolicies {
  /**
   * The identity policies attached to the caller (for an assumed-role session, its role's). An
   * account root needs none: IAM policies do not restrict it.
   */
  List<PolicyDocument> of(Caller caller);

  /** No caller has identity policies: only key policies, grants and account roots allow. */
  static IdentityPolicies none() {
    return caller -> List.of();
  }
}
