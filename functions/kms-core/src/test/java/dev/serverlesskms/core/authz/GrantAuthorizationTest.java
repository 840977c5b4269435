package dev.serverlesskms.core.authz;

import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.GrantToken;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestKms;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grants in the whole evaluation ({@link Authorizer} with {@link StoredGrantAuthority}): a grant
 * allows what the policies do not, never against an explicit Deny; a grant to an account needs the
 * account's identity policy; RetireGrant follows the grant and the identity policies, never the key
 * policy.
 */
class GrantAuthorizationTest {
  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String OTHER = "444455556666";
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  private static final Caller ALICE = TestKms.user("111122223333", "alice");
  private static final Caller CAROL = TestKms.user("111122223333", "carol");
  private static final Caller MALLORY = TestKms.user("111122223333", "mallory");
  private static final Caller BOB = TestKms.user(OTHER, "bob");
  private static final Caller EVE = TestKms.user(OTHER, "eve");
  private static final Caller OTHER_ROOT =
      new Caller("Root", OTHER, "arn:aws:iam::" + OTHER + ":root", OTHER, "AK");
  private static final Caller WORKER =
      new Caller(
          "AssumedRole",
          "AROA:worker",
          "arn:aws:sts::111122223333:assumed-role/app/worker",
          "111122223333",
          "ASIA");

  /** AWS's default key policy: the account delegates to IAM. */
  private static final String DEFAULT_POLICY =
      "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM"
          + " User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  private static final String ALLOW_ALL_KMS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
          + "\"Resource\":\"*\"}]}";
  private static final String DENY_ENCRYPT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"kms:Encrypt\","
          + "\"Resource\":\"*\"}]}";
  private static final String ALLOW_RETIRE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"kms:RetireGrant\",\"Resource\":\"*\"}]}";
  private static final String DENY_RETIRE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
          + "\"Action\":\"kms:RetireGrant\",\"Resource\":\"*\"}]}";

  private final InMemoryKeyStore store = new InMemoryKeyStore();
  private final Map<String, List<String>> identityPolicies = new HashMap<>();
  private final Authorizer authorizer =
      new Authorizer(
          LOCATION,
          caller ->
              identityPolicies.getOrDefault(caller.arn(), List.of()).stream()
                  .map(PolicyDocument::parseIdentityPolicy)
                  .toList(),
          new StoredGrantAuthority(store),
          key -> List.of());
  private final KmsKey key =
      store.create(KeyFixtures.enabledKey().policy(DEFAULT_POLICY).build(), auditRecord());

  private Grant grant(
      String grantee, String retiring, GrantConstraints constraints, String... ops) {
    Grant grant =
        new Grant(
            Grant.newId(),
            key.keyId(),
            null,
            grantee,
            null,
            retiring,
            null,
            java.util.Arrays.stream(ops).map(GrantOperation::valueOf).toList(),
            constraints,
            LOCATION.accountRootArn(),
            NOW);
    store.createGrant(grant, auditRecord());
    return grant;
  }

  private void use(Caller caller, String operation, Map<String, String> context) {
    use(caller, operation, context, List.of());
  }

  private void use(
      Caller caller, String operation, Map<String, String> context, List<String> tokens) {
    authorizer.requireAllowed(
        request(caller), NOW, KeyAccess.grantable(operation, key, null, context, tokens));
  }

  private KmsException refused(Runnable call) {
    KmsException e = catchThrowableOfType(KmsException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  private static RequestContext request(Caller caller) {
    return new RequestContext("req-1", caller, "10.0.0.1", "test");
  }

  @Test
  void withoutAGrant_aUserThePoliciesDoNotAllow_isRefused() {
    KmsException e = refused(() -> use(ALICE, "Encrypt", Map.of()));

    assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
    assertThat(e.getMessage())
        .isEqualTo(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Encrypt"
                + " on resource: "
                + key.arn()
                + " because no identity-based policy allows the kms:Encrypt action");
  }

  @Test
  void aGrant_allowsItsGranteeItsOperations_underItsConstraints() {
    grant(ALICE.arn(), null, new GrantConstraints(DEPT, null, null), "Encrypt", "DescribeKey");

    assertThatCode(() -> use(ALICE, "Encrypt", Map.of("Department", "IT", "x", "y")))
        .doesNotThrowAnyException();
    assertThatCode(() -> use(ALICE, "DescribeKey", Map.of())).doesNotThrowAnyException();
    assertThat(refused(() -> use(ALICE, "Encrypt", Map.of())).type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
    assertThat(refused(() -> use(ALICE, "Decrypt", DEPT)).type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
    assertThat(refused(() -> use(CAROL, "Encrypt", DEPT)).type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void aGrantToARole_allowsItsSessions() {
    grant("arn:aws:iam::111122223333:role/app", null, null, "Decrypt");

    assertThatCode(() -> use(WORKER, "Decrypt", Map.of())).doesNotThrowAnyException();
  }

  @Test
  void anExplicitDenyInAnIdentityPolicy_winsOverAGrant() {
    grant(ALICE.arn(), null, null, "Encrypt");
    identityPolicies.put(ALICE.arn(), List.of(DENY_ENCRYPT));

    assertThat(refused(() -> use(ALICE, "Encrypt", Map.of())).getMessage())
        .endsWith("with an explicit deny in an identity-based policy");
  }

  @Test
  void anExplicitDenyInTheKeyPolicy_winsOverAGrant() {
    grant(ALICE.arn(), null, null, "Encrypt");
    KmsKey denying =
        store.update(
            key.toBuilder()
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                        + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:Encrypt\","
                        + "\"Resource\":\"*\"}]}")
                .build(),
            auditRecord());

    KmsException e =
        refused(
            () ->
                authorizer.requireAllowed(
                    request(ALICE),
                    NOW,
                    KeyAccess.grantable("Encrypt", denying, null, Map.of(), List.of())));
    assertThat(e.getMessage()).endsWith("with an explicit deny in a resource-based policy");
  }

  @Test
  void aGrantToAnotherAccount_allowsItsRoot_andItsUsersOnlyWithAnIdentityPolicy() {
    grant("arn:aws:iam::" + OTHER + ":root", null, null, "Encrypt");
    identityPolicies.put(BOB.arn(), List.of(ALLOW_ALL_KMS));

    assertThatCode(() -> use(OTHER_ROOT, "Encrypt", Map.of())).doesNotThrowAnyException();
    assertThatCode(() -> use(BOB, "Encrypt", Map.of())).doesNotThrowAnyException();
    assertThat(refused(() -> use(EVE, "Encrypt", Map.of())).type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void aGrantToAUserOfAnotherAccount_allowsThatUser() {
    grant(EVE.arn(), null, null, "Encrypt");

    assertThatCode(() -> use(EVE, "Encrypt", Map.of())).doesNotThrowAnyException();
    assertThat(refused(() -> use(BOB, "Encrypt", Map.of())).type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void grantTokens_areReadOnlyWhenAGrantIsAsked() {
    Grant grant = grant(ALICE.arn(), null, null, "Encrypt");

    assertThat(refused(() -> use(ALICE, "Encrypt", Map.of(), List.of("bogus"))).type())
        .isEqualTo(KmsErrorType.INVALID_GRANT_TOKEN);
    assertThatCode(() -> use(ALICE, "Encrypt", Map.of(), List.of(GrantToken.issue(grant))))
        .doesNotThrowAnyException();
  }

  // ------------------------------------------------------------------ RetireGrant

  private void retire(Caller caller, Grant grant) {
    authorizer.requireMayRetire(request(caller), NOW, grant, key.arn());
  }

  @Test
  void retire_byTheKeysAccount_itsRoot_orItsUsersWithAnIdentityPolicy() {
    Grant grant = grant(ALICE.arn(), null, null, "Encrypt");
    identityPolicies.put(CAROL.arn(), List.of(ALLOW_RETIRE));

    assertThatCode(() -> retire(caller("Root", LOCATION.accountRootArn()), grant))
        .doesNotThrowAnyException();
    assertThatCode(() -> retire(CAROL, grant)).doesNotThrowAnyException();
    assertThat(refused(() -> retire(MALLORY, grant)).getMessage())
        .isEqualTo(
            "User: arn:aws:iam::111122223333:user/mallory is not authorized to perform:"
                + " kms:RetireGrant on resource: "
                + key.arn()
                + " because no identity-based policy allows the kms:RetireGrant action");
    assertThat(refused(() -> retire(ALICE, grant)).type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void retire_byARetiringAccount_itsRoot_orItsUsersWithAnIdentityPolicy() {
    Grant grant = grant(ALICE.arn(), OTHER, null, "Encrypt");
    identityPolicies.put(BOB.arn(), List.of(ALLOW_RETIRE));
    identityPolicies.put(EVE.arn(), List.of());

    assertThatCode(() -> retire(OTHER_ROOT, grant)).doesNotThrowAnyException();
    assertThatCode(() -> retire(BOB, grant)).doesNotThrowAnyException();
    assertThat(refused(() -> retire(EVE, grant)).type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void retire_theKmsRetireGrantActionInAKeyPolicy_hasNoEffect() {
    Grant grant = grant(ALICE.arn(), null, null, "Encrypt");
    KmsKey generous =
        key.toBuilder()
            .policy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\""
                    + BOB.arn()
                    + "\"},\"Action\":\"kms:RetireGrant\",\"Resource\":\"*\"}]}")
            .build();

    assertThat(
            refused(() -> authorizer.requireMayRetire(request(BOB), NOW, grant, generous.arn()))
                .type())
        .isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  @Test
  void retire_anIdentityPolicyDeny_refusesEvenTheRetiringPrincipal() {
    Grant grant = grant(ALICE.arn(), CAROL.arn(), null, "Encrypt", "RetireGrant");
    identityPolicies.put(CAROL.arn(), List.of(DENY_RETIRE));
    identityPolicies.put(ALICE.arn(), List.of(DENY_RETIRE));

    assertThat(refused(() -> retire(CAROL, grant)).getMessage())
        .endsWith("with an explicit deny in an identity-based policy");
    assertThat(refused(() -> retire(ALICE, grant)).type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
  }

  private static Caller caller(String type, String arn) {
    return new Caller(type, "id", arn, "111122223333", "AK");
  }
}
