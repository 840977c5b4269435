package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.policy.ConditionClause.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a statement's {@code Condition} element: {@code {"<operator>": {"<key>": value or
 * [values]}}} where the operator may carry a set qualifier ({@code ForAnyValue:}, {@code
 * ForAllValues:}) and the {@code IfExists} suffix (which {@code Null} does not take).
 */
final class ConditionParser {
  private static final String IF_EXISTS = "ifexists";
  private static final String ENCRYPTION_CONTEXT_PREFIX = "kms:encryptioncontext:";
  private static final String REQUEST_TAG_PREFIX = "aws:requesttag/";

  private ConditionParser() {}

  /**
   * @param variables whether policy variables are replaced (Version 2012-10-17)
   * @param keyPolicy whether KMS's own checks of key policies apply ({@code ForAllValues} over a
   *     single-valued key)
   */
  static ConditionBlock parse(Object json, boolean variables, boolean keyPolicy) {
    Map<String, Object> operators = PolicyParser.object(json);
    List<ConditionClause> clauses = new ArrayList<>();
    for (Map.Entry<String, Object> entry : operators.entrySet()) {
      String name = entry.getKey();
      String rest = name;
      Qualifier qualifier = Qualifier.NONE;
      String lower = rest.toLowerCase(Locale.ROOT);
      if (lower.startsWith("foranyvalue:")) {
        qualifier = Qualifier.FOR_ANY_VALUE;
        rest = rest.substring("ForAnyValue:".length());
      } else if (lower.startsWith("forallvalues:")) {
        qualifier = Qualifier.FOR_ALL_VALUES;
        rest = rest.substring("ForAllValues:".length());
      }
      boolean ifExists = false;
      ConditionOperator operator = ConditionOperator.named(rest);
      if (operator == null && rest.toLowerCase(Locale.ROOT).endsWith(IF_EXISTS)) {
        operator = ConditionOperator.named(rest.substring(0, rest.length() - IF_EXISTS.length()));
        ifExists = true;
        if (operator == ConditionOperator.NULL) {
          operator = null; // IAM: IfExists applies to every operator except Null
        }
      }
      if (operator == null) {
        throw MalformedPolicy.unknownConditionOperator(name);
      }
      Map<String, Object> keys = PolicyParser.object(entry.getValue());
      for (Map.Entry<String, Object> key : keys.entrySet()) {
        List<String> values = values(key.getValue());
        if (key.getKey().isEmpty() || values.isEmpty()) {
          throw MalformedPolicy.invalidConditionValue(name, key.getKey());
        }
        String lowerKey = key.getKey().toLowerCase(Locale.ROOT);
        if (keyPolicy && qualifier == Qualifier.FOR_ALL_VALUES) {
          // KMS Developer Guide, "kms:EncryptionContext:context-key": ForAllValues over a
          // single-valued key also matches requests without it, and KMS refuses such a policy.
          if (lowerKey.startsWith(ENCRYPTION_CONTEXT_PREFIX)) {
            throw MalformedPolicy.overlyPermissiveEncryptionContext();
          }
          if (lowerKey.startsWith(REQUEST_TAG_PREFIX)) {
            throw MalformedPolicy.overlyPermissiveRequestTag();
          }
        }
        ValueTest test = null;
        if (operator == ConditionOperator.NULL) {
          for (String value : values) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
              throw MalformedPolicy.invalidConditionValue(name, key.getKey());
            }
          }
        } else {
          test = ValueTests.compile(operator, values, variables);
          if (test == null) {
            throw MalformedPolicy.invalidConditionValue(name, key.getKey());
          }
        }
        clauses.add(new ConditionClause(lowerKey, operator, qualifier, ifExists, test, values));
      }
    }
    return new ConditionBlock(clauses);
  }

  /** A condition value: a string, number or boolean, or an array of them. */
  private static List<String> values(Object json) {
    if (json == null) {
      throw MalformedPolicy.syntax();
    }
    List<Object> items = json instanceof List<?> list ? new ArrayList<>(list) : List.of(json);
    List<String> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof String || item instanceof Number || item instanceof Boolean) {
        out.add(item.toString());
      } else {
        throw MalformedPolicy.syntax();
      }
    }
    return out;
  }
}
