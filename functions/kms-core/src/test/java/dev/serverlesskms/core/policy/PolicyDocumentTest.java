package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import org.junit.jupiter.api.Test;

/** The policy language end to end: parse a document, evaluate requests against it. */
class PolicyDocumentTest {
  static final String ACCOUNT = "111122223333";
  static final String OTHER = "444455556666";
  static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef";
  static final PolicyPrincipal ROOT =
      new PolicyPrincipal("arn:aws:iam::" + ACCOUNT + ":root", ACCOUNT, null, null);
  static final PolicyPrincipal ALICE =
      new PolicyPrincipal("arn:aws:iam::" + ACCOUNT + ":user/alice", ACCOUNT, null, null);
  static final PolicyPrincipal OPS_SESSION =
      new PolicyPrincipal(
          "arn:aws:sts::" + ACCOUNT + ":assumed-role/ops/deploy",
          ACCOUNT,
          "arn:aws:iam::" + ACCOUNT + ":role/ops",
          null);
  static final PolicyPrincipal BOB_OTHER =
      new PolicyPrincipal("arn:aws:iam::" + OTHER + ":user/bob", OTHER, null, null);

  static final String DEFAULT_POLICY =
      "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM"
          + " User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
          + ACCOUNT
          + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  static AccessRequest request(PolicyPrincipal who, String action) {
    return new AccessRequest(who, action, KEY, ConditionContext.empty());
  }

  static AccessRequest request(PolicyPrincipal who, String action, ConditionContext context) {
    return new AccessRequest(who, action, KEY, context);
  }

  @Test
  void defaultPolicyAllowsTheRootAndDelegatesTheAccountsPrincipalsToIam() {
    PolicyDocument policy = PolicyDocument.parseKeyPolicy(DEFAULT_POLICY);

    assertThat(policy.evaluate(request(ROOT, "kms:Encrypt"))).isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(request(ALICE, "kms:Encrypt")))
        .isEqualTo(Decision.ALLOW_VIA_ACCOUNT);
    assertThat(policy.evaluate(request(OPS_SESSION, "kms:encrypt")))
        .isEqualTo(Decision.ALLOW_VIA_ACCOUNT);
    assertThat(policy.evaluate(request(BOB_OTHER, "kms:Encrypt"))).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(policy.evaluate(request(ROOT, "s3:GetObject"))).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void explicitDenyWinsOverAllow() {
    PolicyDocument policy =
        PolicyDocument.parseKeyPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":[\"arn:aws:iam::"
                + ACCOUNT
                + ":user/alice\"]},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}");

    assertThat(policy.evaluate(request(ALICE, "kms:Decrypt"))).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(policy.evaluate(request(ALICE, "kms:Encrypt"))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void roleArnMatchesItsSessions() {
    PolicyDocument policy =
        PolicyDocument.parseKeyPolicy(
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT
                + ":role/ops\"},\"Action\":[\"kms:Encrypt\",\"kms:Generate*\"],\"Resource\":\"*\"}}");

    assertThat(policy.evaluate(request(OPS_SESSION, "kms:GenerateDataKey")))
        .isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(request(OPS_SESSION, "kms:Decrypt")))
        .isEqualTo(Decision.NOT_ALLOWED);
    assertThat(policy.evaluate(request(ALICE, "kms:Encrypt"))).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void conditionOnEncryptionContext() {
    PolicyDocument policy =
        PolicyDocument.parseIdentityPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\","
                + "\"Resource\":\"arn:aws:kms:*:"
                + ACCOUNT
                + ":key/*\",\"Condition\":{\"StringEquals\":"
                + "{\"kms:EncryptionContext:Department\":\"IT\"}}}]}");
    ConditionContext it =
        ConditionContext.builder().put("kms:EncryptionContext:Department", "IT").build();
    ConditionContext hr =
        ConditionContext.builder().put("kms:EncryptionContext:Department", "HR").build();

    assertThat(policy.evaluate(request(ALICE, "kms:Decrypt", it))).isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(request(ALICE, "kms:Decrypt", hr))).isEqualTo(Decision.NOT_ALLOWED);
    assertThat(policy.evaluate(request(ALICE, "kms:Decrypt"))).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void grammarErrors() {
    assertMalformed(() -> PolicyDocument.parseKeyPolicy("not json"), "Syntax errors in policy.");
    assertMalformed(
        () ->
            PolicyDocument.parseKeyPolicy(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::*:root\"},"
                    + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"),
        "Policy contains a statement with one or more invalid principals.");
    assertMalformed(
        () ->
            PolicyDocument.parseIdentityPolicy(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"),
        "Policy document should not specify a principal.");
  }

  static void assertMalformed(Runnable parse, String message) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.MALFORMED_POLICY_DOCUMENT);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }
}
