package dev.serverlesskms.core.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated policy statements for the property tests: small sets of principals, actions, resources
 * and conditions that overlap with the generated requests (account 111122223333, its root, user
 * alice, role ops; user bob of 444455556666; the KMS service), so that most statements say
 * something about most requests.
 */
public final class PolicyArbitraries {
  public static final String A = "111122223333";
  public static final String KEY_ARN = "arn:aws:kms:eu-west-1:" + A + ":key/k1";
  public static final String ALIAS_ARN = "arn:aws:kms:eu-west-1:" + A + ":alias/app";

  private PolicyArbitraries() {}

  private static final Arbitrary<String> PRINCIPALS =
      Arbitraries.of(
          "\"Principal\":\"*\"",
          "\"Principal\":{\"AWS\":\"arn:aws:iam::" + A + ":root\"}",
          "\"Principal\":{\"AWS\":\"" + A + "\"}",
          "\"Principal\":{\"AWS\":[\"arn:aws:iam::"
              + A
              + ":user/alice\",\"arn:aws:iam::444455556666:root\"]}",
          "\"Principal\":{\"AWS\":\"arn:aws:iam::" + A + ":role/ops\"}",
          "\"Principal\":{\"Service\":\"kms.amazonaws.com\"}",
          "\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::" + A + ":user/alice\",\"" + A + "\"]}",
          "\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"}");

  /** Key policy statements: an effect, a principal, actions, resources, maybe a condition. */
  public static Arbitrary<String> keyPolicyStatements() {
    return statements(PRINCIPALS);
  }

  /** Identity policy statements: as key policy statements, without a principal. */
  public static Arbitrary<String> identityPolicyStatements() {
    return statements(Arbitraries.just(""));
  }

  private static Arbitrary<String> statements(Arbitrary<String> principal) {
    Arbitrary<String> action =
        Arbitraries.of(
            "\"Action\":\"kms:*\"",
            "\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"]",
            "\"Action\":\"kms:Generate*\"",
            "\"Action\":\"kms:?ncrypt\"",
            "\"Action\":\"*\"",
            "\"NotAction\":\"kms:Decrypt\"",
            "\"NotAction\":[\"kms:Put*\",\"kms:Encrypt\"]");
    Arbitrary<String> resource =
        Arbitraries.of(
            "\"Resource\":\"*\"",
            "\"Resource\":\"" + KEY_ARN + "\"",
            "\"Resource\":\"arn:aws:kms:*:${aws:PrincipalAccount}:key/*\"",
            "\"Resource\":\"arn:aws:kms:*:" + A + ":alias/*\"",
            "\"NotResource\":\"arn:aws:kms:*:*:alias/*\"");
    Arbitrary<String> condition =
        Arbitraries.of(
            "",
            ",\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:Department\":\"IT\"}}",
            ",\"Condition\":{\"StringNotEqualsIfExists\":{\"kms:EncryptionContext:department\":\"IT\"}}",
            ",\"Condition\":{\"Null\":{\"kms:EncryptionContextKeys\":\"true\"}}",
            ",\"Condition\":{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":\"Department\"}}",
            ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}}",
            ",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            ",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01\"}}",
            ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\""
                + A
                + "\"},"
                + "\"StringLike\":{\"kms:EncryptionContext:Department\":\"?T\"}}");
    return Combinators.combine(
            Arbitraries.of("Allow", "Deny"), principal, action, resource, condition)
        .as(
            (effect, who, what, on, when) ->
                "{\"Effect\":\""
                    + effect
                    + "\","
                    + (who.isEmpty() ? "" : who + ",")
                    + what
                    + ","
                    + on
                    + when
                    + "}");
  }
}
