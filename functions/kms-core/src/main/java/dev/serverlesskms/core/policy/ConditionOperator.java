package dev.serverlesskms.core.policy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The base condition operators of IAM (without the {@code IfExists} suffix and the set qualifiers,
 * which {@link ConditionClause} reads): the family that compares values, and whether the operator
 * is the negation of its positive form ({@code StringNotEquals} is "no value is equal").
 */
enum ConditionOperator {
  STRING_EQUALS("StringEquals", Family.STRING_EQUALS, false),
  STRING_NOT_EQUALS("StringNotEquals", Family.STRING_EQUALS, true),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING_EQUALS_IGNORE_CASE, false),
  STRING_NOT_EQUALS_IGNORE_CASE(
      "StringNotEqualsIgnoreCase", Family.STRING_EQUALS_IGNORE_CASE, true),
  STRING_LIKE("StringLike", Family.STRING_LIKE, false),
  STRING_NOT_LIKE("StringNotLike", Family.STRING_LIKE, true),
  // IAM: ArnEquals and ArnLike are the same test (both take wildcards), as are their negations.
  ARN_EQUALS("ArnEquals", Family.ARN_LIKE, false),
  ARN_NOT_EQUALS("ArnNotEquals", Family.ARN_LIKE, true),
  ARN_LIKE("ArnLike", Family.ARN_LIKE, false),
  ARN_NOT_LIKE("ArnNotLike", Family.ARN_LIKE, true),
  NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false, Comparison.EQ),
  NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true, Comparison.EQ),
  NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false, Comparison.LT),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false, Comparison.LE),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false, Comparison.GT),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false, Comparison.GE),
  DATE_EQUALS("DateEquals", Family.DATE, false, Comparison.EQ),
  DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true, Comparison.EQ),
  DATE_LESS_THAN("DateLessThan", Family.DATE, false, Comparison.LT),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false, Comparison.LE),
  DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false, Comparison.GT),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false, Comparison.GE),
  BOOL("Bool", Family.BOOL, false),
  BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
  IP_ADDRESS("IpAddress", Family.IP, false),
  NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
  NULL("Null", Family.NULL, false);

  /** How a family compares a request value with the policy's values. */
  enum Family {
    STRING_EQUALS,
    STRING_EQUALS_IGNORE_CASE,
    STRING_LIKE,
    ARN_LIKE,
    NUMERIC,
    DATE,
    BOOL,
    BINARY,
    IP,
    NULL
  }

  /** The ordering test of the numeric and date families: request value (op) policy value. */
  enum Comparison {
    EQ,
    LT,
    LE,
    GT,
    GE;

    boolean holds(int requestComparedToPolicy) {
      return switch (this) {
        case EQ -> requestComparedToPolicy == 0;
        case LT -> requestComparedToPolicy < 0;
        case LE -> requestComparedToPolicy <= 0;
        case GT -> requestComparedToPolicy > 0;
        case GE -> requestComparedToPolicy >= 0;
      };
    }
  }

  private static final Map<String, ConditionOperator> BY_NAME = new HashMap<>();

  static {
    for (ConditionOperator operator : values()) {
      BY_NAME.put(operator.operatorName.toLowerCase(Locale.ROOT), operator);
    }
  }

  final String operatorName;
  final Family family;
  final boolean negated;
  final Comparison comparison;

  ConditionOperator(String name, Family family, boolean negated) {
    this(name, family, negated, Comparison.EQ);
  }

  ConditionOperator(String name, Family family, boolean negated, Comparison comparison) {
    this.operatorName = name;
    this.family = family;
    this.negated = negated;
    this.comparison = comparison;
  }

  /** The operator of this name (IAM compares operator names without regard to case), or null. */
  static ConditionOperator named(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }
}
