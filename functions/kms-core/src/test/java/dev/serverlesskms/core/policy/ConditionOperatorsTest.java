package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each condition operator on its own: one Allow statement with one condition on {@code test:Key},
 * the request's values of that key ({@code null}: the request lacks it), and whether the statement
 * applies. Every request also has {@code aws:username} = alice, {@code aws:PrincipalAccount} =
 * 111122223333 and {@code test:Flag} = true, for the policy variables.
 */
class ConditionOperatorsTest {
  static final String KEY = "test:Key";

  /** Operators with a value each accepts, for the rows generated over all operators. */
  static final List<String[]> OPERATORS =
      List.of(
          new String[] {"StringEquals", "\"a\""},
          new String[] {"StringNotEquals", "\"a\""},
          new String[] {"StringEqualsIgnoreCase", "\"a\""},
          new String[] {"StringNotEqualsIgnoreCase", "\"a\""},
          new String[] {"StringLike", "\"a*\""},
          new String[] {"StringNotLike", "\"a*\""},
          new String[] {"ArnEquals", "\"arn:aws:iam::1:user/a\""},
          new String[] {"ArnNotEquals", "\"arn:aws:iam::1:user/a\""},
          new String[] {"ArnLike", "\"arn:aws:iam::*:user/*\""},
          new String[] {"ArnNotLike", "\"arn:aws:iam::*:user/*\""},
          new String[] {"NumericEquals", "1"},
          new String[] {"NumericNotEquals", "1"},
          new String[] {"NumericLessThan", "1"},
          new String[] {"NumericLessThanEquals", "1"},
          new String[] {"NumericGreaterThan", "1"},
          new String[] {"NumericGreaterThanEquals", "1"},
          new String[] {"DateEquals", "\"2026-01-01\""},
          new String[] {"DateNotEquals", "\"2026-01-01\""},
          new String[] {"DateLessThan", "\"2026-01-01\""},
          new String[] {"DateLessThanEquals", "\"2026-01-01\""},
          new String[] {"DateGreaterThan", "\"2026-01-01\""},
          new String[] {"DateGreaterThanEquals", "\"2026-01-01\""},
          new String[] {"Bool", "\"true\""},
          new String[] {"BinaryEquals", "\"QQ==\""},
          new String[] {"IpAddress", "\"10.0.0.0/8\""},
          new String[] {"NotIpAddress", "\"10.0.0.0/8\""});

  static boolean negated(String operator) {
    return operator.contains("Not");
  }

  /** IAM: a missing key fails a positive operator and passes a negated one or any ...IfExists. */
  static Stream<Arguments> missingKey() {
    List<Arguments> rows = new ArrayList<>();
    for (String[] op : OPERATORS) {
      rows.add(row(op[0] + " (key missing)", op[0], op[1], null, negated(op[0])));
      rows.add(row(op[0] + "IfExists (key missing)", op[0] + "IfExists", op[1], null, true));
      rows.add(
          row(
              "ForAnyValue:" + op[0] + " (key missing)",
              "ForAnyValue:" + op[0],
              op[1],
              null,
              false));
      rows.add(
          row(
              "ForAllValues:" + op[0] + " (key missing)",
              "ForAllValues:" + op[0],
              op[1],
              null,
              true));
    }
    return rows.stream();
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        // string
        row("StringEquals: equal", "StringEquals", "\"abc\"", List.of("abc"), true),
        row("StringEquals: case matters", "StringEquals", "\"abc\"", List.of("ABC"), false),
        row(
            "StringEquals: values are alternatives",
            "StringEquals",
            "[\"x\",\"abc\"]",
            List.of("abc"),
            true),
        row("StringEquals: * is no wildcard", "StringEquals", "\"a*\"", List.of("abc"), false),
        row("StringEquals: the empty string", "StringEquals", "\"\"", List.of(""), true),
        row(
            "StringEquals: a multi-valued key, one value matching",
            "StringEquals",
            "\"b\"",
            List.of("a", "b"),
            true),
        row("StringNotEquals: unequal", "StringNotEquals", "\"abc\"", List.of("abd"), true),
        row("StringNotEquals: equal", "StringNotEquals", "\"abc\"", List.of("abc"), false),
        row(
            "StringNotEquals: none of the values",
            "StringNotEquals",
            "[\"a\",\"b\"]",
            List.of("c"),
            true),
        row(
            "StringNotEquals: one of the values",
            "StringNotEquals",
            "[\"a\",\"b\"]",
            List.of("b"),
            false),
        row(
            "StringNotEquals: a multi-valued key, one value equal",
            "StringNotEquals",
            "\"b\"",
            List.of("a", "b"),
            false),
        row(
            "StringEqualsIgnoreCase: other case",
            "StringEqualsIgnoreCase",
            "\"abc\"",
            List.of("ABC"),
            true),
        row(
            "StringEqualsIgnoreCase: other text",
            "StringEqualsIgnoreCase",
            "\"abc\"",
            List.of("abd"),
            false),
        row(
            "StringNotEqualsIgnoreCase: other case",
            "StringNotEqualsIgnoreCase",
            "\"abc\"",
            List.of("ABC"),
            false),
        row(
            "StringNotEqualsIgnoreCase: other text",
            "StringNotEqualsIgnoreCase",
            "\"abc\"",
            List.of("x"),
            true),
        row("StringLike: *", "StringLike", "\"a*c\"", List.of("abbbc"), true),
        row("StringLike: * matches nothing too", "StringLike", "\"a*c\"", List.of("ac"), true),
        row("StringLike: ? is one character", "StringLike", "\"a?c\"", List.of("abbc"), false),
        row("StringLike: ?? is two", "StringLike", "\"??\"", List.of("ab"), true),
        row("StringLike: several stars", "StringLike", "\"a*b*c\"", List.of("aXbYc"), true),
        row(
            "StringLike: several stars, a part missing",
            "StringLike",
            "\"a*b*c\"",
            List.of("aXc"),
            false),
        row(
            "StringLike: * alone matches the empty string",
            "StringLike",
            "\"*\"",
            List.of(""),
            true),
        row("StringLike: case matters", "StringLike", "\"A*\"", List.of("abc"), false),
        row(
            "StringLike: a star spans colons",
            "StringLike",
            "\"arn:aws:someservice:*:111122223333:finance/*\"",
            List.of(
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"),
            true),
        row("StringNotLike: no match", "StringNotLike", "\"a*\"", List.of("bcd"), true),
        row("StringNotLike: a match", "StringNotLike", "[\"x\",\"b*\"]", List.of("bcd"), false),
        // policy variables
        row("${aws:username}", "StringEquals", "\"${aws:username}\"", List.of("alice"), true),
        row(
            "${aws:username}, another name",
            "StringEquals",
            "\"${aws:username}\"",
            List.of("bob"),
            false),
        row(
            "a variable's key name is case-insensitive",
            "StringEquals",
            "\"${AWS:UserName}\"",
            List.of("alice"),
            true),
        row(
            "a variable inside text",
            "StringLike",
            "\"home/${aws:username}/*\"",
            List.of("home/alice/x"),
            true),
        row(
            "a variable's value is literal text, not a pattern",
            "StringLike",
            "\"${test:Pattern}\"",
            List.of("abc"),
            false),
        row(
            "a missing variable matches nothing",
            "StringEquals",
            "\"${aws:missing}\"",
            List.of(""),
            false),
        row(
            "a missing variable under a negated operator",
            "StringNotEquals",
            "\"${aws:missing}\"",
            List.of("x"),
            true),
        row(
            "a missing variable's default",
            "StringEquals",
            "\"${aws:missing, 'none'}\"",
            List.of("none"),
            true),
        row(
            "a present variable ignores its default",
            "StringEquals",
            "\"${aws:username, 'none'}\"",
            List.of("none"),
            false),
        row("${*} is a literal star", "StringLike", "\"a${*}b\"", List.of("a*b"), true),
        row("${*} does not match other text", "StringLike", "\"a${*}b\"", List.of("axb"), false),
        row("${?} is a literal question mark", "StringLike", "\"${?}\"", List.of("?"), true),
        row("${?} is not a wildcard", "StringLike", "\"${?}\"", List.of("x"), false),
        row("${$} is a literal dollar", "StringEquals", "\"${$}x\"", List.of("$x"), true),
        row("an unclosed ${ is text", "StringEquals", "\"a${b\"", List.of("a${b"), true),
        row(
            "a variable in an IgnoreCase operator",
            "StringEqualsIgnoreCase",
            "\"${aws:username}\"",
            List.of("ALICE"),
            true),
        row(
            "a variable in an ARN",
            "ArnEquals",
            "\"arn:aws:iam::${aws:PrincipalAccount}:root\"",
            List.of("arn:aws:iam::111122223333:root"),
            true),
        row(
            "a variable in an ARN, another account",
            "ArnLike",
            "\"arn:aws:iam::${aws:PrincipalAccount}:*\"",
            List.of("arn:aws:iam::444455556666:root"),
            false),
        row("a variable in Bool", "Bool", "\"${test:Flag}\"", List.of("TRUE"), true),
        row("a variable in Bool, other value", "Bool", "\"${test:Flag}\"", List.of("false"), false),
        // ARN
        row(
            "ArnLike: wildcards per part",
            "ArnLike",
            "\"arn:aws:kms:*:111122223333:key/*\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/abc"),
            true),
        row(
            "ArnLike: another account",
            "ArnLike",
            "\"arn:aws:kms:*:111122223333:key/*\"",
            List.of("arn:aws:kms:eu-west-1:444455556666:key/abc"),
            false),
        row(
            "ArnLike: a star does not span a colon",
            "ArnLike",
            "\"arn:aws:someservice:*:111122223333:finance/*\"",
            List.of(
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"),
            false),
        row(
            "ArnLike: the resource part holds colons",
            "ArnLike",
            "\"arn:aws:s3:::bucket/*\"",
            List.of("arn:aws:s3:::bucket/a:b/c"),
            true),
        row(
            "ArnLike: an empty region part",
            "ArnLike",
            "\"arn:aws:iam::*:root\"",
            List.of("arn:aws:iam::111122223333:root"),
            true),
        row(
            "ArnLike: ? in a part",
            "ArnLike",
            "\"arn:aws:iam::11112222333?:root\"",
            List.of("arn:aws:iam::111122223333:root"),
            true),
        row("ArnLike: * alone", "ArnLike", "\"*\"", List.of("arn:aws:iam::1:user/x"), true),
        row(
            "ArnLike: a * ending a part does not cross colons",
            "ArnLike",
            "\"arn:aws:kms:*:key/*\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/k"),
            false),
        row(
            "ArnLike: a * ending the pattern covers the rest",
            "ArnLike",
            "\"arn:aws:kms:*\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/k"),
            true),
        row(
            "ArnLike: ? in the resource part matches a colon",
            "ArnLike",
            "\"arn:aws:s3:::a?b\"",
            List.of("arn:aws:s3:::a:b"),
            true),
        row(
            "ArnLike: a long pattern",
            "ArnLike",
            "\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890a?\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            true),
        row(
            "ArnLike: a long pattern, no match",
            "ArnLike",
            "\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890a?*x\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            false),
        row(
            "ArnLike: a long pattern, a * in a part",
            "ArnLike",
            "\"arn:aws:kms:eu-west-*:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab*\"",
            List.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            true),
        row(
            "ArnLike: a long pattern, a * that would cross a colon",
            "ArnLike",
            "\"arn:aws:kms:eu-*:key/1234abcd-12ab-34cd-56ef-1234567890ab-and-more-text*\"",
            List.of(
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab-and-more-text"),
            false),
        row(
            "ArnLike: a * in a part and a * ending the pattern",
            "ArnLike",
            "\"arn:aws:kms:us-*-1:*\"",
            List.of("arn:aws:kms:us-east-1:111122223333:key/k"),
            true),
        row(
            "ArnLike: the same mix, another region",
            "ArnLike",
            "\"arn:aws:kms:us-*-2:*\"",
            List.of("arn:aws:kms:us-east-1:111122223333:key/k"),
            false),
        row(
            "ArnLike: the same mix, the * in a part would need a colon",
            "ArnLike",
            "\"arn:aws:kms:us*1:*\"",
            List.of("arn:aws:kms:us-east-2:1:key/k"),
            false),
        row(
            "ArnLike: a value that is no ARN",
            "ArnLike",
            "\"arn:aws:iam::*:*\"",
            List.of("hello"),
            false),
        row(
            "ArnLike: case matters",
            "ArnLike",
            "\"arn:aws:iam::*:user/Alice\"",
            List.of("arn:aws:iam::1:user/alice"),
            false),
        row(
            "ArnEquals takes wildcards like ArnLike",
            "ArnEquals",
            "\"arn:aws:iam::*:user/*\"",
            List.of("arn:aws:iam::1:user/x"),
            true),
        row(
            "ArnNotLike: a match",
            "ArnNotLike",
            "\"arn:aws:iam::*:user/*\"",
            List.of("arn:aws:iam::1:user/x"),
            false),
        row(
            "ArnNotEquals: no match",
            "ArnNotEquals",
            "\"arn:aws:iam::1:role/ops\"",
            List.of("arn:aws:iam::1:role/x"),
            true),
        // numeric
        row("NumericEquals: 10 and 10.0", "NumericEquals", "10", List.of("10.0"), true),
        row("NumericEquals: a string value", "NumericEquals", "\"10\"", List.of("10"), true),
        row(
            "NumericEquals: a request value that is no number",
            "NumericEquals",
            "10",
            List.of("ten"),
            false),
        row(
            "NumericNotEquals: a request value that is no number",
            "NumericNotEquals",
            "10",
            List.of("ten"),
            true),
        row("NumericNotEquals", "NumericNotEquals", "10", List.of("9"), true),
        row("NumericNotEquals: equal", "NumericNotEquals", "10", List.of("10"), false),
        row("NumericLessThan", "NumericLessThan", "10", List.of("9"), true),
        row("NumericLessThan: equal", "NumericLessThan", "10", List.of("10"), false),
        row("NumericLessThan: negative numbers", "NumericLessThan", "-1", List.of("-2"), true),
        row("NumericLessThan: decimals", "NumericLessThan", "1.5", List.of("1.49"), true),
        row("NumericLessThanEquals: equal", "NumericLessThanEquals", "10", List.of("10"), true),
        row("NumericLessThanEquals: greater", "NumericLessThanEquals", "10", List.of("11"), false),
        row("NumericGreaterThan", "NumericGreaterThan", "10", List.of("11"), true),
        row("NumericGreaterThan: equal", "NumericGreaterThan", "10", List.of("10"), false),
        row(
            "NumericGreaterThanEquals: less",
            "NumericGreaterThanEquals",
            "10",
            List.of("9"),
            false),
        row(
            "NumericGreaterThanEquals: values are alternatives",
            "NumericGreaterThanEquals",
            "[10, 5]",
            List.of("7"),
            true),
        row(
            "NumericLessThanIfExists: present and failing",
            "NumericLessThanIfExists",
            "10",
            List.of("11"),
            false),
        // dates
        row(
            "DateLessThan",
            "DateLessThan",
            "\"2026-01-01T00:00:00Z\"",
            List.of("2025-12-31T23:59:59Z"),
            true),
        row(
            "DateLessThan: equal",
            "DateLessThan",
            "\"2026-01-01T00:00:00Z\"",
            List.of("2026-01-01T00:00:00Z"),
            false),
        row(
            "DateLessThanEquals: equal through an offset",
            "DateLessThanEquals",
            "\"2026-01-01T01:00:00+01:00\"",
            List.of("2026-01-01T00:00:00Z"),
            true),
        row(
            "DateGreaterThan: a date is its midnight",
            "DateGreaterThan",
            "\"2026-01-01\"",
            List.of("2026-01-01T00:00:01Z"),
            true),
        row(
            "DateGreaterThanEquals: equal",
            "DateGreaterThanEquals",
            "\"2026-01-01\"",
            List.of("2026-01-01T00:00:00Z"),
            true),
        row(
            "DateGreaterThan: before",
            "DateGreaterThan",
            "\"2026-01-01\"",
            List.of("2025-06-01T00:00:00Z"),
            false),
        row(
            "DateEquals: epoch seconds in the policy",
            "DateEquals",
            "\"1767225600\"",
            List.of("2026-01-01T00:00:00Z"),
            true),
        row(
            "DateEquals: epoch seconds in the request",
            "DateEquals",
            "\"2026-01-01T00:00:00Z\"",
            List.of("1767225600"),
            true),
        row(
            "DateEquals: fractions of a second",
            "DateEquals",
            "\"2026-01-01T00:00:00.000Z\"",
            List.of("2026-01-01T00:00:00Z"),
            true),
        row(
            "DateEquals: a local date-time is UTC",
            "DateEquals",
            "\"2026-01-01T10:00\"",
            List.of("2026-01-01T10:00:00Z"),
            true),
        row(
            "DateNotEquals: equal",
            "DateNotEquals",
            "\"1767225600\"",
            List.of("2026-01-01T00:00:00Z"),
            false),
        row(
            "DateGreaterThan: a request value that is no date",
            "DateGreaterThan",
            "\"2026-01-01\"",
            List.of("tomorrow"),
            false),
        // Bool, binary
        row("Bool: case does not matter", "Bool", "\"true\"", List.of("TRUE"), true),
        row("Bool: a JSON boolean", "Bool", "true", List.of("true"), true),
        row("Bool: false", "Bool", "\"false\"", List.of("false"), true),
        row("Bool: another value", "Bool", "true", List.of("false"), false),
        row("Bool: no boolean", "Bool", "true", List.of("yes"), false),
        row(
            "BinaryEquals: the same bytes",
            "BinaryEquals",
            "\"QmluYXJ5\"",
            List.of("QmluYXJ5"),
            true),
        row("BinaryEquals: other bytes", "BinaryEquals", "\"QmluYXJ5\"", List.of("Qmlu"), false),
        row(
            "BinaryEquals: a request value that is no base64",
            "BinaryEquals",
            "\"QmluYXJ5\"",
            List.of("!!"),
            false),
        // addresses
        row("IpAddress: inside", "IpAddress", "\"203.0.113.0/24\"", List.of("203.0.113.7"), true),
        row("IpAddress: outside", "IpAddress", "\"203.0.113.0/24\"", List.of("203.0.114.7"), false),
        row(
            "IpAddress: a single address is /32",
            "IpAddress",
            "\"203.0.113.5\"",
            List.of("203.0.113.5"),
            true),
        row(
            "IpAddress: a single address, another one",
            "IpAddress",
            "\"203.0.113.5\"",
            List.of("203.0.113.6"),
            false),
        row(
            "IpAddress: a prefix within an octet, inside",
            "IpAddress",
            "\"192.0.2.0/25\"",
            List.of("192.0.2.127"),
            true),
        row(
            "IpAddress: a prefix within an octet, outside",
            "IpAddress",
            "\"192.0.2.0/25\"",
            List.of("192.0.2.128"),
            false),
        row("IpAddress: /0", "IpAddress", "\"0.0.0.0/0\"", List.of("8.8.8.8"), true),
        row(
            "IpAddress: an IPv4 range never holds an IPv6 address",
            "IpAddress",
            "\"0.0.0.0/0\"",
            List.of("::1"),
            false),
        row("IpAddress: IPv6 /0", "IpAddress", "\"::/0\"", List.of("2001:db8::1"), true),
        row(
            "IpAddress: IPv6, any case",
            "IpAddress",
            "\"2001:db8::/32\"",
            List.of("2001:DB8:0:1::5"),
            true),
        row(
            "IpAddress: IPv6 outside",
            "IpAddress",
            "\"2001:db8::/32\"",
            List.of("2001:db9::"),
            false),
        row(
            "IpAddress: an IPv6 prefix within a group, inside",
            "IpAddress",
            "\"2001:db8::/33\"",
            List.of("2001:db8:7fff::1"),
            true),
        row(
            "IpAddress: an IPv6 prefix within a group, outside",
            "IpAddress",
            "\"2001:db8::/33\"",
            List.of("2001:db8:8000::1"),
            false),
        row(
            "IpAddress: a full IPv6 address",
            "IpAddress",
            "\"2001:db8:0:0:0:0:0:0/64\"",
            List.of("2001:0db8:0000:0000:ffff:0:0:1"),
            true),
        row(
            "IpAddress: IPv6 with an embedded IPv4 address",
            "IpAddress",
            "\"::ffff:192.0.2.0/120\"",
            List.of("::ffff:192.0.2.9"),
            true),
        row(
            "IpAddress: an IPv6 zone is ignored",
            "IpAddress",
            "\"fe80::/10\"",
            List.of("fe80::1%eth0"),
            true),
        row(
            "IpAddress: IPv4 or IPv6",
            "IpAddress",
            "[\"203.0.113.0/24\", \"2001:db8::/32\"]",
            List.of("2001:db8::9"),
            true),
        row(
            "IpAddress: a request value that is no address",
            "IpAddress",
            "\"10.0.0.0/8\"",
            List.of("not-an-ip"),
            false),
        row(
            "IpAddress: a request value with a prefix",
            "IpAddress",
            "\"10.0.0.0/8\"",
            List.of("10.0.0.0/8"),
            false),
        row(
            "IpAddress: a request value with too many parts",
            "IpAddress",
            "\"10.0.0.0/8\"",
            List.of("10.0.0.0.1"),
            false),
        row(
            "IpAddress: a malformed IPv6 request value",
            "IpAddress",
            "\"::/0\"",
            List.of("1::2::3"),
            false),
        row(
            "IpAddress: too many IPv6 groups",
            "IpAddress",
            "\"::/0\"",
            List.of("1:2:3:4:5:6:7:8:9"),
            false),
        row(
            "NotIpAddress: outside",
            "NotIpAddress",
            "\"203.0.113.0/24\"",
            List.of("198.51.100.1"),
            true),
        row(
            "NotIpAddress: inside",
            "NotIpAddress",
            "\"203.0.113.0/24\"",
            List.of("203.0.113.1"),
            false),
        row(
            "NotIpAddress: a request value that is no address",
            "NotIpAddress",
            "\"10.0.0.0/8\"",
            List.of("x"),
            true),
        // Null
        row("Null true: absent", "Null", "\"true\"", null, true),
        row("Null true: present", "Null", "\"true\"", List.of("x"), false),
        row("Null true: present without values", "Null", "\"true\"", List.of(), false),
        row("Null false: present", "Null", "\"false\"", List.of("x"), true),
        row("Null false: absent", "Null", "false", null, false),
        row("Null true or false", "Null", "[\"true\", \"false\"]", null, true),
        // IfExists with the key present
        row(
            "StringEqualsIfExists: present, equal",
            "StringEqualsIfExists",
            "\"abc\"",
            List.of("abc"),
            true),
        row(
            "StringEqualsIfExists: present, unequal",
            "StringEqualsIfExists",
            "\"abc\"",
            List.of("abd"),
            false),
        row(
            "StringNotEqualsIfExists: present, equal",
            "StringNotEqualsIfExists",
            "\"abc\"",
            List.of("abc"),
            false),
        row(
            "IpAddressIfExists: present, inside",
            "IpAddressIfExists",
            "\"10.0.0.0/8\"",
            List.of("10.1.1.1"),
            true),
        // set qualifiers
        row(
            "ForAnyValue: one of the request's values",
            "ForAnyValue:StringEquals",
            "[\"a\",\"b\"]",
            List.of("c", "b"),
            true),
        row(
            "ForAnyValue: none of them",
            "ForAnyValue:StringEquals",
            "[\"a\",\"b\"]",
            List.of("c", "d"),
            false),
        row(
            "ForAnyValue: present without values",
            "ForAnyValue:StringLike",
            "\"*\"",
            List.of(),
            false),
        row(
            "ForAllValues: every value listed",
            "ForAllValues:StringEquals",
            "[\"a\",\"b\"]",
            List.of("a", "b"),
            true),
        row(
            "ForAllValues: one value not listed",
            "ForAllValues:StringEquals",
            "[\"a\",\"b\"]",
            List.of("a", "c"),
            false),
        row(
            "ForAllValues: present without values",
            "ForAllValues:StringLike",
            "\"x*\"",
            List.of(),
            true),
        row(
            "ForAnyValue:StringNotEquals: some value unlisted",
            "ForAnyValue:StringNotEquals",
            "\"a\"",
            List.of("a", "b"),
            true),
        row(
            "ForAnyValue:StringNotEquals: every value listed",
            "ForAnyValue:StringNotEquals",
            "\"a\"",
            List.of("a"),
            false),
        row(
            "ForAllValues:StringNotEquals: no value listed",
            "ForAllValues:StringNotEquals",
            "\"a\"",
            List.of("b", "c"),
            true),
        row(
            "ForAllValues:StringNotEquals: a value listed",
            "ForAllValues:StringNotEquals",
            "\"a\"",
            List.of("a", "b"),
            false),
        row(
            "ForAnyValue:NumericLessThan",
            "ForAnyValue:NumericLessThan",
            "10",
            List.of("20", "5"),
            true),
        row(
            "ForAllValues:NumericLessThan",
            "ForAllValues:NumericLessThan",
            "10",
            List.of("20", "5"),
            false),
        row(
            "ForAllValues:StringLikeIfExists, present",
            "ForAllValues:StringLikeIfExists",
            "\"a*\"",
            List.of("ab", "b"),
            false),
        row(
            "a set qualifier in another case",
            "forAnyValue:StringEquals",
            "\"a\"",
            List.of("a"),
            true));
  }

  static Arguments row(
      String what, String operator, String value, List<String> request, boolean applies) {
    return Arguments.of(what, operator, value, request, applies);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"rows", "missingKey"})
  void operator(String what, String operator, String value, List<String> request, boolean applies) {
    assertThat(applies(operator, value, request)).isEqualTo(applies);
  }

  static boolean applies(String operator, String value, List<String> request) {
    return applies(
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
            + "\"Resource\":\"*\",\"Condition\":{\""
            + operator
            + "\":{\""
            + KEY
            + "\":"
            + value
            + "}}}}",
        request);
  }

  static boolean applies(String policy, List<String> request) {
    ConditionContext.Builder context =
        ConditionContext.builder()
            .put("aws:username", "alice")
            .put("aws:PrincipalAccount", "111122223333")
            .put("test:Flag", "true")
            .put("test:Pattern", "a*");
    if (request != null) {
      context.put(KEY, request);
    }
    Decision decision =
        PolicyDocument.parseIdentityPolicy(policy)
            .evaluate(
                new AccessRequest(
                    PolicyDocumentTest.ALICE,
                    "kms:Encrypt",
                    PolicyDocumentTest.KEY,
                    context.build()));
    return decision == Decision.ALLOW;
  }

  @Test
  void aVersion2008PolicyTakesVariablesAsText() {
    String policy =
        "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
            + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"test:Key\":\"${aws:username}\"}}}}";
    assertThat(applies(policy, List.of("${aws:username}"))).isTrue();
    assertThat(applies(policy, List.of("alice"))).isFalse();
  }

  @Test
  void conditionKeyNamesAreCaseInsensitive() {
    assertThat(applies("StringEquals", "\"a\"", List.of("a"))).isTrue();
    String policy =
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"TEST:KEY\":\"a\"}}}}";
    assertThat(applies(policy, List.of("a"))).isTrue();
  }

  @Test
  void keysOfAnOperatorAndOperatorsOfACondition_allMustHold() {
    String twoKeys =
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"test:Key\":\"a\",\"test:Flag\":\"true\"}}}}";
    String twoOperators =
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"test:Key\":\"a\"},"
            + "\"Bool\":{\"test:Flag\":\"false\"}}}}";
    assertThat(applies(twoKeys, List.of("a"))).isTrue();
    assertThat(applies(twoKeys, List.of("b"))).isFalse();
    assertThat(applies(twoOperators, List.of("a"))).isFalse();
  }
}
