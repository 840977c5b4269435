package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each condition operator on its own: one Allow statement with one condition, one request value (or
 * none), and whether the statement applies. Rows: operator, key, policy value (JSON), request
 * values ({@code null}: the request lacks the key), expected.
 */
class ConditionOperatorsTest {
  static final String KEY = "test:Key";

  static Stream<Arguments> rows() {
    return Stream.of(
        row("StringEquals", "\"abc\"", List.of("abc"), true),
        row("StringEquals", "\"abc\"", List.of("ABC"), false),
        row("StringEquals", "[\"x\",\"abc\"]", List.of("abc"), true),
        row("StringEquals", "\"abc\"", null, false),
        row("StringNotEquals", "\"abc\"", List.of("abd"), true),
        row("StringNotEquals", "\"abc\"", List.of("abc"), false),
        row("StringNotEquals", "\"abc\"", null, true),
        row("StringEqualsIgnoreCase", "\"abc\"", List.of("ABC"), true),
        row("StringNotEqualsIgnoreCase", "\"abc\"", List.of("ABC"), false),
        row("StringLike", "\"a*c\"", List.of("abbbc"), true),
        row("StringLike", "\"a?c\"", List.of("abbc"), false),
        row("StringNotLike", "\"a*\"", List.of("bcd"), true),
        row("ArnLike", "\"arn:aws:iam::*:role/ops\"", List.of("arn:aws:iam::1:role/ops"), true),
        row("ArnLike", "\"arn:aws:iam::*:role/*\"", List.of("arn:aws:iam::1:user/x"), false),
        row("ArnEquals", "\"arn:aws:iam::1:role/ops\"", List.of("arn:aws:iam::1:role/ops"), true),
        row("ArnNotEquals", "\"arn:aws:iam::1:role/ops\"", List.of("arn:aws:iam::1:role/x"), true),
        row("NumericEquals", "10", List.of("10.0"), true),
        row("NumericLessThan", "10", List.of("9"), true),
        row("NumericLessThan", "10", List.of("10"), false),
        row("NumericLessThanEquals", "10", List.of("10"), true),
        row("NumericGreaterThan", "\"10\"", List.of("11"), true),
        row("NumericGreaterThanEquals", "10", List.of("9"), false),
        row("NumericNotEquals", "10", List.of("9"), true),
        row("NumericEquals", "10", List.of("ten"), false),
        row("DateLessThan", "\"2026-01-01T00:00:00Z\"", List.of("2025-12-31T23:59:59Z"), true),
        row("DateGreaterThan", "\"2026-01-01\"", List.of("2026-01-01T00:00:01Z"), true),
        row("DateEquals", "\"1767225600\"", List.of("2026-01-01T00:00:00Z"), true),
        row("DateNotEquals", "\"1767225600\"", List.of("2026-01-01T00:00:00Z"), false),
        row("Bool", "\"true\"", List.of("TRUE"), true),
        row("Bool", "true", List.of("false"), false),
        row("IpAddress", "\"203.0.113.0/24\"", List.of("203.0.113.7"), true),
        row("IpAddress", "\"203.0.113.0/24\"", List.of("203.0.114.7"), false),
        row("IpAddress", "\"2001:db8::/32\"", List.of("2001:DB8:0:1::5"), true),
        row("NotIpAddress", "\"203.0.113.0/24\"", List.of("198.51.100.1"), true),
        row("BinaryEquals", "\"QmluYXJ5\"", List.of("QmluYXJ5"), true),
        row("Null", "\"true\"", null, true),
        row("Null", "\"true\"", List.of("x"), false),
        row("Null", "\"false\"", List.of("x"), true),
        row("StringEqualsIfExists", "\"abc\"", null, true),
        row("StringEqualsIfExists", "\"abc\"", List.of("abd"), false),
        row("ForAnyValue:StringEquals", "[\"a\",\"b\"]", List.of("c", "b"), true),
        row("ForAnyValue:StringEquals", "[\"a\",\"b\"]", null, false),
        row("ForAllValues:StringEquals", "[\"a\",\"b\"]", List.of("a", "b"), true),
        row("ForAllValues:StringEquals", "[\"a\",\"b\"]", List.of("a", "c"), false),
        row("ForAllValues:StringEquals", "[\"a\",\"b\"]", null, true));
  }

  static Arguments row(String operator, String value, List<String> request, boolean applies) {
    return Arguments.of(operator, value, request, applies);
  }

  @ParameterizedTest(name = "{0} {1} over {2}: {3}")
  @MethodSource("rows")
  void operator(String operator, String value, List<String> request, boolean applies) {
    PolicyDocument policy =
        PolicyDocument.parseIdentityPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"Resource\":\"*\",\"Condition\":{\""
                + operator
                + "\":{\""
                + KEY
                + "\":"
                + value
                + "}}}}");
    ConditionContext.Builder context = ConditionContext.builder();
    if (request != null) {
      context.put(KEY, request);
    }
    Decision decision =
        policy.evaluate(
            new AccessRequest(
                PolicyDocumentTest.ALICE, "kms:Encrypt", PolicyDocumentTest.KEY, context.build()));

    assertThat(decision).isEqualTo(applies ? Decision.ALLOW : Decision.NOT_ALLOWED);
  }
}
