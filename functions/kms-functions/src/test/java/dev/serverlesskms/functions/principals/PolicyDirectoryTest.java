package dev.serverlesskms.functions.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.GrantAuthority;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.AccessRequest;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.principals.PrincipalsDocument.Keys;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Caller to identity policies: a user's own, a role session's role's, none for a root or a caller
 * no document names; and the core's Authorizer deciding IAM-only actions with them.
 */
class PolicyDirectoryTest {
  private static final String KMS_ACCOUNT = "000000000000";
  private static final String OTHER_ACCOUNT = "111122223333";

  /** The example, plus a second key of alice, a root and a role with a path. */
  private static final String FILE =
      """
      {"principals": [
        {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-secret",
         "arn": "arn:aws:iam::000000000000:user/alice",
         "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]},
        {"accessKeyId": "AKIAEXAMPLEALICE0002", "secretAccessKey": "alice-secret-2",
         "arn": "arn:aws:iam::000000000000:user/alice",
         "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}]}]},
        {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-secret",
         "arn": "arn:aws:iam::111122223333:role/teams/ops", "sessionName": "deploy",
         "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:CreateKey", "kms:Describe*"], "Resource": "*"}]}]},
        {"accessKeyId": "AKIAEXAMPLEBOB000001", "secretAccessKey": "bob-secret",
         "arn": "arn:aws:iam::000000000000:user/bob",
         "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*"}]}]},
        {"accessKeyId": "AKIAEXAMPLEROOT00001", "secretAccessKey": "root-secret",
         "arn": "arn:aws:iam::111122223333:root"}
      ]}
      """;

  private final List<Principal> principals = PrincipalsDocument.parse(FILE, Keys.REQUIRED, "test");
  private final IdentityPolicies directory = PolicyDirectory.from(principals);

  @Test
  void user_hasThePoliciesOfEveryEntryNamingIt_whicheverKeySigned() {
    Caller alice = caller("AKIAEXAMPLEALICE0001");

    assertThat(directory.of(alice)).hasSize(2);
    assertThat(directory.of(caller("AKIAEXAMPLEALICE0002"))).isEqualTo(directory.of(alice));
    assertThat(decide(directory.of(alice), alice, "kms:Encrypt")).isEqualTo(Decision.ALLOW);
    assertThat(decide(directory.of(alice), alice, "kms:Decrypt")).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(decide(directory.of(alice), alice, "kms:CreateKey")).isEqualTo(Decision.NOT_ALLOWED);
  }

  @Test
  void roleSession_hasItsRolesPolicies_whateverTheSessionAndThePath() {
    Caller deploy = caller("AKIAEXAMPLEOPS000001");
    // The same role reached through API Gateway, by another session: its ARN has no path.
    Caller nightly =
        new Caller(
            "AssumedRole",
            "AROAEXAMPLE:nightly",
            "arn:aws:sts::111122223333:assumed-role/ops/nightly",
            OTHER_ACCOUNT,
            "ASIAEXAMPLE");

    assertThat(directory.of(deploy)).hasSize(1);
    assertThat(directory.of(nightly)).isEqualTo(directory.of(deploy));
    assertThat(decide(directory.of(nightly), nightly, "kms:DescribeKey")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void root_unknownCallers_andCallersNoDocumentCanName_haveNone() {
    assertThat(directory.of(caller("AKIAEXAMPLEROOT00001"))).isEmpty();
    assertThat(directory.of(Identity.ofCaller("arn:aws:iam::000000000000:user/carol").caller("X")))
        .isEmpty();
    // alice of another account is not alice.
    assertThat(directory.of(Identity.ofCaller("arn:aws:iam::111122223333:user/alice").caller("X")))
        .isEmpty();
    assertThat(
            directory.of(
                new Caller(
                    "FederatedUser",
                    "x",
                    "arn:aws:sts::000000000000:federated-user/alice",
                    KMS_ACCOUNT,
                    null)))
        .isEmpty();
    assertThat(directory.of(Caller.service(KMS_ACCOUNT))).isEmpty();
  }

  @Test
  void deploymentDocument_givesARoleWithoutSessionToEverySession() {
    IdentityPolicies document =
        PolicyDirectory.from(
            PrincipalsDocument.parse(
                """
                {"principals": [{"arn": "arn:aws:iam::111122223333:role/ops",
                  "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}]}]}
                """,
                Keys.FORBIDDEN,
                "test"));

    assertThat(
            document.of(
                Identity.ofCaller("arn:aws:sts::111122223333:assumed-role/ops/any").caller(null)))
        .hasSize(1);
  }

  @Test
  void authorizer_decidesIamOnlyActions_withTheseIdentityPolicies() {
    Authorizer authorizer =
        new Authorizer(
            KmsLocation.of("us-east-1", KMS_ACCOUNT),
            directory,
            GrantAuthority.none(),
            key -> List.of());

    // bob of the KMS's account: his policy allows CreateKey.
    assertThatCode(() -> createKey(authorizer, caller("AKIAEXAMPLEBOB000001")))
        .doesNotThrowAnyException();
    // alice: no policy of hers allows it.
    assertThat(denied(authorizer, caller("AKIAEXAMPLEALICE0001")))
        .contains("arn:aws:iam::000000000000:user/alice")
        .contains("kms:CreateKey");
    // ops of another account: its policy allows it, but this KMS serves one account.
    assertThat(denied(authorizer, caller("AKIAEXAMPLEOPS000001")))
        .contains("arn:aws:sts::111122223333:assumed-role/ops/deploy");
    // The KMS account's root (the development pair) needs no identity policy.
    assertThatCode(() -> createKey(authorizer, Identity.root(KMS_ACCOUNT).caller("test")))
        .doesNotThrowAnyException();
  }

  private Caller caller(String accessKeyId) {
    return principals.stream()
        .filter(p -> accessKeyId.equals(p.accessKeyId()))
        .findFirst()
        .orElseThrow()
        .caller();
  }

  private static Decision decide(List<PolicyDocument> policies, Caller caller, String action) {
    AccessRequest request =
        new AccessRequest(PolicyPrincipal.of(caller), action, "*", ConditionContext.empty());
    Decision decision = Decision.NOT_ALLOWED;
    for (PolicyDocument policy : policies) {
      decision = decision.and(policy.evaluate(request));
    }
    return decision;
  }

  private static void createKey(Authorizer authorizer, Caller caller) {
    authorizer.requireAccountAllows(
        new RequestContext("r", caller, "127.0.0.1", "test"),
        Instant.parse("2026-12-01T00:00:00Z"),
        "kms:CreateKey",
        "*",
        ConditionContext.empty());
  }

  private static String denied(Authorizer authorizer, Caller caller) {
    KmsException refused =
        catchThrowableOfType(KmsException.class, () -> createKey(authorizer, caller));
    assertThat(refused).isNotNull();
    assertThat(refused.type().wireName()).isEqualTo("AccessDeniedException");
    return refused.getMessage();
  }
}
