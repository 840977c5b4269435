package dev.serverlesskms.core.policy;

import java.util.List;

/**
 * A statement's {@code Condition}: every operator and every key in it must hold (several values for
 * one key are alternatives, inside {@link ConditionClause}).
 */
final class ConditionBlock {
  static final ConditionBlock NONE = new ConditionBlock(List.of());

  private final ConditionClause[] clauses;

  ConditionBlock(List<ConditionClause> clauses) {
    this.clauses = clauses.toArray(new ConditionClause[0]);
  }

  boolean holds(ConditionContext context) {
    for (ConditionClause clause : clauses) {
      if (!clause.holds(context)) {
        return false;
      }
    }
    return true;
  }
}
