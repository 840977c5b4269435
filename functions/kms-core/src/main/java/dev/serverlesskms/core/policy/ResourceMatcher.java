package dev.serverlesskms.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement's {@code Resource} or {@code NotResource}: ARN patterns matched case-sensitively,
 * part by part ({@link ArnPattern}), possibly with policy variables ({@link PolicyString}).
 */
final class ResourceMatcher {
  private final ArnPattern[] constant;
  private final PolicyString[] variable;
  private final boolean everything;
  private final boolean negated;

  ResourceMatcher(List<PolicyString> resources, boolean negated) {
    this.negated = negated;
    List<ArnPattern> fixed = new ArrayList<>();
    List<PolicyString> varying = new ArrayList<>();
    boolean all = false;
    for (PolicyString resource : resources) {
      if (resource.isConstant()) {
        ArnPattern pattern = ArnPattern.of(resource.pattern(null), true);
        all |= pattern.matchesEverything();
        fixed.add(pattern);
      } else {
        varying.add(resource);
      }
    }
    this.constant = fixed.toArray(new ArnPattern[0]);
    this.variable = varying.toArray(new PolicyString[0]);
    this.everything = all;
  }

  boolean applies(String resource, ConditionContext context) {
    return named(resource, context) != negated;
  }

  private boolean named(String resource, ConditionContext context) {
    if (everything) {
      return true;
    }
    for (ArnPattern pattern : constant) {
      if (pattern.matches(resource)) {
        return true;
      }
    }
    for (PolicyString template : variable) {
      Wildcard resolved = template.pattern(context);
      if (resolved != null && ArnPattern.of(resolved, true).matches(resource)) {
        return true;
      }
    }
    return false;
  }
}
