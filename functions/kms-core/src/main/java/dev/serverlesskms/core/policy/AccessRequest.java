package dev.serverlesskms.core.policy;

import java.util.Objects;

/**
 * One question to a policy: may this principal take this action on this resource, in this request's
 * condition context?
 *
 * @param principal the caller
 * @param action the IAM action, {@code kms:Encrypt}
 * @param resource the resource ARN (a key or alias ARN), or {@code *} for actions without one
 *     (CreateKey, ListKeys, ...)
 * @param conditions the values of the request's condition keys
 */
public record AccessRequest(
    PolicyPrincipal principal, String action, String resource, ConditionContext conditions) {
  public AccessRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(conditions, "conditions");
  }
}
