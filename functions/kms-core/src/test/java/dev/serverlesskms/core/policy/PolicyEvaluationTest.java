package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One document, one question, the decision: principals, actions, resources and the order of
 * strength (EXPLICIT_DENY over ALLOW over ALLOW_VIA_ACCOUNT over NOT_ALLOWED). Statements in the
 * rows use {@code '} for {@code "}.
 */
class PolicyEvaluationTest {
  static final String A = "111122223333";
  static final String KEY_ARN = PolicyDocumentTest.KEY;
  static final String ALIAS_ARN = "arn:aws:kms:us-east-1:" + A + ":alias/app";

  static final Map<String, PolicyPrincipal> WHO =
      Map.of(
          "rootA", PolicyDocumentTest.ROOT,
          "alice", PolicyDocumentTest.ALICE,
          "ops", PolicyDocumentTest.OPS_SESSION,
          "bobB", PolicyDocumentTest.BOB_OTHER,
          "rootB",
              new PolicyPrincipal("arn:aws:iam::444455556666:root", "444455556666", null, null),
          "kms", new PolicyPrincipal(null, A, null, "kms.amazonaws.com"),
          "cnUser", new PolicyPrincipal("arn:aws-cn:iam::" + A + ":user/li", A, null, null));

  static Stream<Arguments> keyPolicyRows() {
    return Stream.of(
        // principals
        key(
            "Principal * names everyone directly",
            stmt("Allow", "'*'"),
            "bobB",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "{AWS: *} names everyone directly",
            stmt("Allow", "{'AWS':'*'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "{AWS: *} names services too",
            stmt("Allow", "{'AWS':'*'}"),
            "kms",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "an account root ARN: its root directly",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:root'}"),
            "rootA",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "an account root ARN: its users through the account",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:root'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW_VIA_ACCOUNT),
        key(
            "an account root ARN: its role sessions through the account",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:root'}"),
            "ops",
            "kms:Encrypt",
            Decision.ALLOW_VIA_ACCOUNT),
        key(
            "an account root ARN: not another account",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:root'}"),
            "bobB",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "an account root ARN: not a service of the account",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:root'}"),
            "kms",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a bare account id: like its root ARN",
            stmt("Allow", "{'AWS':'111122223333'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW_VIA_ACCOUNT),
        key(
            "a bare account id: its root directly",
            stmt("Allow", "{'AWS':['444455556666']}"),
            "rootB",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a user ARN: that user",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a user ARN: not the account's root",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}"),
            "rootA",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a user and the account: the stronger match",
            stmt("Allow", "{'AWS':['111122223333','arn:aws:iam::111122223333:user/alice']}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a role ARN: its session",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:role/ops'}"),
            "ops",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a role ARN with a path: its session",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:role/a/b/ops'}"),
            "ops",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a role of another name",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:role/dev'}"),
            "ops",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a session ARN",
            stmt("Allow", "{'AWS':'arn:aws:sts::111122223333:assumed-role/ops/deploy'}"),
            "ops",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "another session of the role",
            stmt("Allow", "{'AWS':'arn:aws:sts::111122223333:assumed-role/ops/other'}"),
            "ops",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a Service principal",
            stmt("Allow", "{'Service':'kms.amazonaws.com'}"),
            "kms",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "another Service principal",
            stmt("Allow", "{'Service':'ec2.amazonaws.com'}"),
            "kms",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a Service principal is not a user",
            stmt("Allow", "{'Service':'kms.amazonaws.com'}"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a Federated principal names no caller here",
            stmt("Allow", "{'Federated':'cognito-identity.amazonaws.com'}"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "another partition's user",
            stmt("Allow", "{'AWS':'arn:aws-cn:iam::111122223333:user/li'}"),
            "cnUser",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "another partition's role",
            stmt("Allow", "{'AWS':'arn:aws-cn:iam::111122223333:role/ops'}"),
            "ops",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Deny naming the account: its users",
            stmt("Deny", "{'AWS':'111122223333'}"),
            "alice",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        key(
            "Deny naming the account: its root",
            stmt("Deny", "{'AWS':'111122223333'}"),
            "rootA",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        // NotPrincipal
        key(
            "Allow NotPrincipal: everyone else directly",
            notPrincipal("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}"),
            "ops",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Allow NotPrincipal: not the listed user",
            notPrincipal("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Allow NotPrincipal: not the users of a listed account",
            notPrincipal("Allow", "{'AWS':'111122223333'}"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Allow NotPrincipal: other accounts",
            notPrincipal("Allow", "{'AWS':'111122223333'}"),
            "bobB",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Allow NotPrincipal *: nobody",
            notPrincipal("Allow", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Deny NotPrincipal *: nobody",
            notPrincipal("Deny", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Deny NotPrincipal: a session spared only with role and account",
            notPrincipal(
                "Deny",
                "{'AWS':['arn:aws:sts::111122223333:assumed-role/ops/deploy','arn:aws:iam::111122223333:role/ops','111122223333']}"),
            "ops",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Deny NotPrincipal: a session without its role listed",
            notPrincipal(
                "Deny",
                "{'AWS':['arn:aws:sts::111122223333:assumed-role/ops/deploy','111122223333']}"),
            "ops",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        key(
            "Deny NotPrincipal: a service listed",
            notPrincipal("Deny", "{'Service':'kms.amazonaws.com'}"),
            "kms",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Deny NotPrincipal: a service not listed",
            notPrincipal("Deny", "{'AWS':'111122223333'}"),
            "kms",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        // actions
        key(
            "actions are case-insensitive",
            stmt("Allow", "'*'", "'KMS:ENCRYPT'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "the request's action in any case",
            stmt("Allow", "'*'", "'kms:Encrypt'", "'*'"),
            "alice",
            "KMS:encrypt",
            Decision.ALLOW),
        key(
            "kms:* covers every KMS action",
            stmt("Allow", "'*'", "'kms:*'", "'*'"),
            "alice",
            "kms:ScheduleKeyDeletion",
            Decision.ALLOW),
        key(
            "* covers every action",
            stmt("Allow", "'*'", "'*'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "another service's actions",
            stmt("Allow", "'*'", "'s3:*'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "a prefix wildcard",
            stmt("Allow", "'*'", "'kms:Generate*'", "'*'"),
            "alice",
            "kms:GenerateDataKeyPairWithoutPlaintext",
            Decision.ALLOW),
        key(
            "a prefix wildcard, other action",
            stmt("Allow", "'*'", "'kms:Generate*'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "an inner wildcard",
            stmt("Allow", "'*'", "'kms:*Key'", "'*'"),
            "alice",
            "kms:DisableKey",
            Decision.ALLOW),
        key(
            "? is one character",
            stmt("Allow", "'*'", "'kms:?ncrypt'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "? is not two",
            stmt("Allow", "'*'", "'kms:?crypt'", "'*'"),
            "alice",
            "kms:Decrypt",
            Decision.NOT_ALLOWED),
        key(
            "NotAction: others",
            stmt("Allow", "'*'", null, "'*'")
                .replace("'Action':null", "'NotAction':['kms:Decrypt','kms:Re*']"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "NotAction: listed",
            stmt("Allow", "'*'", null, "'*'")
                .replace("'Action':null", "'NotAction':['kms:Decrypt','kms:Re*']"),
            "alice",
            "kms:ReEncryptFrom",
            Decision.NOT_ALLOWED),
        key(
            "NotAction *: nothing",
            stmt("Allow", "'*'", null, "'*'").replace("'Action':null", "'NotAction':'*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        // resources
        key(
            "Resource *",
            stmt("Allow", "'*'", "'kms:*'", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: the key's ARN",
            stmt("Allow", "'*'", "'kms:*'", "'" + KEY_ARN + "'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: ARN parts with wildcards",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:111122223333:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: another account's keys",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:444455556666:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: case matters",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:111122223333:KEY/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: a * ending a part crosses colons (IAM)",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: a * inside a part stays in it",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*3:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: ? stays in its part",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:us-east-?:111122223333:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: ? matches no colon",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:us-east-1?111122223333:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: wildcards that stay in a part and one that crosses colons",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*-1:*:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: the same mix, another region",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*-2:*:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: the same mix, a ? that stays in its part",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:us-east-?:*:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: a short pattern is one wildcard",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: ${aws:PrincipalAccount}",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:${aws:PrincipalAccount}:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Resource: ${aws:PrincipalAccount} of another account",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:${aws:PrincipalAccount}:key/*'"),
            "bobB",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "Resource: a missing variable",
            stmt("Allow", "'*'", "'kms:*'", "'arn:aws:kms:*:${aws:nothing}:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        key(
            "NotResource: another resource",
            stmt("Allow", "'*'", "'kms:*'", null)
                .replace("'Resource':null", "'NotResource':'" + ALIAS_ARN + "'"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "NotResource: the resource",
            stmt("Allow", "'*'", "'kms:*'", null)
                .replace("'Resource':null", "'NotResource':'arn:aws:kms:*:*:key/*'"),
            "alice",
            "kms:Encrypt",
            Decision.NOT_ALLOWED),
        // strength
        key(
            "Deny beats Allow",
            stmt("Allow", "'*'") + "," + stmt("Deny", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        key(
            "Deny beats Allow whatever the order",
            stmt("Deny", "'*'") + "," + stmt("Allow", "'*'"),
            "alice",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        key(
            "Allow beats Allow via the account",
            stmt("Allow", "{'AWS':'111122223333'}")
                + ","
                + stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "Allow beats Allow via the account whatever the order",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}")
                + ","
                + stmt("Allow", "{'AWS':'111122223333'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a Deny that does not apply",
            stmt("Allow", "'*'")
                + ","
                + stmt("Deny", "{'AWS':'arn:aws:iam::111122223333:user/bob'}"),
            "alice",
            "kms:Encrypt",
            Decision.ALLOW),
        key(
            "a Deny via the account beats an Allow",
            stmt("Allow", "{'AWS':'arn:aws:iam::111122223333:user/alice'}")
                + ","
                + stmt("Deny", "{'AWS':'111122223333'}"),
            "alice",
            "kms:Encrypt",
            Decision.EXPLICIT_DENY),
        key("no statements", "", "alice", "kms:Encrypt", Decision.NOT_ALLOWED));
  }

  static Stream<Arguments> identityPolicyRows() {
    return Stream.of(
        identity(
            "an identity Allow applies to its owner",
            "{'Effect':'Allow','Action':'kms:*','Resource':'*'}",
            "alice",
            Decision.ALLOW),
        identity(
            "identity policies never answer ALLOW_VIA_ACCOUNT",
            "{'Effect':'Allow','Action':'kms:*','Resource':'arn:aws:kms:*:111122223333:*'}",
            "alice",
            Decision.ALLOW),
        identity(
            "an identity Deny",
            "{'Effect':'Deny','Action':'kms:Encrypt','Resource':'*'}",
            "alice",
            Decision.EXPLICIT_DENY),
        identity(
            "an identity Deny of another action",
            "{'Effect':'Deny','Action':'kms:Decrypt','Resource':'*'}",
            "alice",
            Decision.NOT_ALLOWED),
        identity(
            "an identity Allow on an alias ARN pattern",
            "{'Effect':'Allow','Action':'kms:*','Resource':'arn:aws:kms:*:*:alias/*'}",
            "alice",
            Decision.NOT_ALLOWED));
  }

  static String stmt(String effect, String principal) {
    return stmt(effect, principal, "'kms:*'", "'*'");
  }

  static String stmt(String effect, String principal, String action, String resource) {
    return "{'Effect':'"
        + effect
        + "','Principal':"
        + principal
        + ",'Action':"
        + action
        + ",'Resource':"
        + resource
        + "}";
  }

  static String notPrincipal(String effect, String principal) {
    return stmt(effect, principal).replace("'Principal'", "'NotPrincipal'");
  }

  static Arguments key(
      String what, String statements, String who, String action, Decision expected) {
    return Arguments.of(
        what,
        ("{'Version':'2012-10-17','Statement':[" + statements + "]}").replace('\'', '"'),
        who,
        action,
        expected);
  }

  static Arguments identity(String what, String statement, String who, Decision expected) {
    return Arguments.of(
        what,
        ("{'Version':'2012-10-17','Statement':" + statement + "}").replace('\'', '"'),
        who,
        "kms:Encrypt",
        expected);
  }

  static AccessRequest request(String who, String action) {
    PolicyPrincipal principal = WHO.get(who);
    ConditionContext context =
        ConditionContext.builder().put("aws:PrincipalAccount", principal.accountId()).build();
    return new AccessRequest(principal, action, KEY_ARN, context);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyPolicyRows")
  void keyPolicy(String what, String json, String who, String action, Decision expected) {
    assertThat(PolicyDocument.parseKeyPolicy(json).evaluate(request(who, action)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityPolicyRows")
  void identityPolicy(String what, String json, String who, String action, Decision expected) {
    assertThat(PolicyDocument.parseIdentityPolicy(json).evaluate(request(who, action)))
        .isEqualTo(expected);
  }
}
