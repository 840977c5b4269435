package dev.serverlesskms.core.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's {@code Action} or {@code NotAction}: action names compared without regard to case
 * ({@code kms:encrypt} is {@code kms:Encrypt}), with {@code *} and {@code ?} wildcards ({@code
 * kms:*}, {@code kms:Generate*}). Patterns are lower-cased once here; the request's action is
 * lower-cased once per document.
 */
final class ActionMatcher {
  private final Set<String> exact = new HashSet<>();
  private final Wildcard[] patterns;
  private final boolean everything;
  private final boolean negated;

  ActionMatcher(List<String> actions, boolean negated) {
    this.negated = negated;
    List<Wildcard> wild = new ArrayList<>();
    boolean all = false;
    for (String action : actions) {
      String lower = action.toLowerCase(Locale.ROOT);
      if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0) {
        exact.add(lower);
      } else {
        Wildcard pattern = Wildcard.of(lower);
        all |= pattern.matchesEverything();
        wild.add(pattern);
      }
    }
    this.patterns = wild.toArray(new Wildcard[0]);
    this.everything = all;
  }

  /** Whether the statement applies to the action (given lower-cased). */
  boolean applies(String lowerCaseAction) {
    return named(lowerCaseAction) != negated;
  }

  private boolean named(String action) {
    if (everything || exact.contains(action)) {
      return true;
    }
    for (Wildcard pattern : patterns) {
      if (pattern.matches(action)) {
        return true;
      }
    }
    return false;
  }
}
