package dev.serverlesskms.core.policy;

import java.util.List;

/**
 * One operator over one condition key, with its policy values: {@code "StringEquals":
 * {"kms:CallerAccount": ["111122223333", "444455556666"]}}. It holds, as IAM documents:
 *
 * <ul>
 *   <li>for a key the request lacks: false for a positive operator, true for a negated one ({@code
 *       StringNotEquals}, {@code NotIpAddress}, ...) and for any {@code ...IfExists}; {@code
 *       ForAllValues:} holds for a missing key (no value fails), {@code ForAnyValue:} does not (no
 *       value matches);
 *   <li>without a set qualifier: a positive operator when some request value matches some policy
 *       value, a negated one when none does;
 *   <li>{@code ForAnyValue:} when at least one request value passes the operator, {@code
 *       ForAllValues:} when every one does;
 *   <li>{@code Null}: {@code true} asks that the key be absent, {@code false} that it be present.
 * </ul>
 */
final class ConditionClause {
  /** The set qualifier of the operator. */
  enum Qualifier {
    NONE,
    FOR_ANY_VALUE,
    FOR_ALL_VALUES
  }

  private final String key;
  private final ConditionOperator operator;
  private final Qualifier qualifier;
  private final boolean ifExists;
  private final ValueTest test;
  private final boolean nullAcceptsAbsent;
  private final boolean nullAcceptsPresent;

  /**
   * @param key the condition key, lower-cased (condition key names are case-insensitive)
   * @param test the operator's positive test of one value ({@code null} for {@code Null})
   * @param values the policy's values (for {@code Null}: {@code true} / {@code false})
   */
  ConditionClause(
      String key,
      ConditionOperator operator,
      Qualifier qualifier,
      boolean ifExists,
      ValueTest test,
      List<String> values) {
    this.key = key;
    this.operator = operator;
    this.qualifier = qualifier;
    this.ifExists = ifExists;
    this.test = test;
    this.nullAcceptsAbsent = values.stream().anyMatch("true"::equalsIgnoreCase);
    this.nullAcceptsPresent = values.stream().anyMatch("false"::equalsIgnoreCase);
  }

  boolean holds(ConditionContext context) {
    List<String> values = context.values(key);
    if (operator == ConditionOperator.NULL) {
      return values == null ? nullAcceptsAbsent : nullAcceptsPresent;
    }
    if (values == null) {
      return ifExists
          || qualifier == Qualifier.FOR_ALL_VALUES
          || (qualifier == Qualifier.NONE && operator.negated);
    }
    switch (qualifier) {
      case FOR_ANY_VALUE -> {
        for (String value : values) {
          if (test.matches(value, context) != operator.negated) {
            return true;
          }
        }
        return false;
      }
      case FOR_ALL_VALUES -> {
        for (String value : values) {
          if (test.matches(value, context) == operator.negated) {
            return false;
          }
        }
        return true;
      }
      default -> {
        boolean any = false;
        for (String value : values) {
          if (test.matches(value, context)) {
            any = true;
            break;
          }
        }
        return any != operator.negated;
      }
    }
  }
}
