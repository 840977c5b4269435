package dev.serverlesskms.core.policy;

/**
 * The positive test of a condition operator over one request value: whether it matches any of the
 * policy's values for the key (several values in a condition are alternatives). Negation, {@code
 * IfExists} and the set qualifiers are applied around it by {@link ConditionClause}.
 */
@FunctionalInterface
interface ValueTest {
  boolean matches(String requestValue, ConditionContext context);
}
