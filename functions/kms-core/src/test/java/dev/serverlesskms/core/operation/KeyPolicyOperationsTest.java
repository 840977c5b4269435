package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.getKeyPolicy;
import static dev.serverlesskms.core.operation.Requests.listKeyPolicies;
import static dev.serverlesskms.core.operation.Requests.putKeyPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.GetKeyPolicyResponse;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.api.ListKeyPoliciesResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.TestKms;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GetKeyPolicy, PutKeyPolicy and ListKeyPolicies, and CreateKey's Policy: one policy named default
 * per key, in every key state; the Policy and PolicyName shapes, the policy grammar and AWS's
 * lockout safety check, with AWS's errors; PutKeyPolicy audited through the outbox.
 */
class KeyPolicyOperationsTest {
  private static final String ACCOUNT = TestKms.LOCATION.accountId();
  private static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
  private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
  private static final String LOCKOUT =
      "The new key policy will not allow you to update the key policy in the future.";

  /** Alice, a user of the KMS's account; her identity policies are {@link #aliceMay}. */
  private static final Caller ALICE_CALLER =
      new Caller("IAMUser", "AIDAEXAMPLEALICE0001", ALICE, ACCOUNT, "AKIAEXAMPLEALICE0001");

  private String aliceMay = null;
  private final TestKms test = TestKms.create();
  private final Kms kms =
      new Kms(
          test.environment(),
          test.audit(),
          caller ->
              ALICE.equals(caller.arn()) && aliceMay != null
                  ? List.of(PolicyDocument.parseIdentityPolicy(aliceMay))
                  : List.of(),
          true);

  // ------------------------------------------------------------------ GetKeyPolicy

  @Test
  void getKeyPolicy_ofANewKey_isTheDefaultPolicy_namedDefault_byKeyIdOrArn() {
    String keyId = newKey(null);

    GetKeyPolicyResponse byId = call(kms.getKeyPolicy, getKeyPolicy(keyId));
    GetKeyPolicyResponse byArn = call(kms.getKeyPolicy, getKeyPolicy(arn(keyId), "default"));

    assertThat(byId.policyName()).isEqualTo("default");
    assertThat(byId.policy()).isEqualTo(DefaultKeyPolicy.forAccount(TestKms.LOCATION));
    assertThat(byArn).isEqualTo(byId);
    AuditEvent event = test.audit().last();
    assertThat(event.eventName()).isEqualTo("GetKeyPolicy");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }

  @Test
  void policyName_isDefaultOnly_andOfAwsShape() {
    String keyId = newKey(null);

    assertThat(error(KmsErrorType.NOT_FOUND, kms.getKeyPolicy, getKeyPolicy(keyId, "custom")))
        .hasMessage("No such policy exists");
    assertThat(
            error(
                KmsErrorType.NOT_FOUND,
                kms.putKeyPolicy,
                putKeyPolicy(keyId, "custom", policyAllowing(ROOT), null)))
        .hasMessage("No such policy exists");
    assertThat(error(KmsErrorType.VALIDATION, kms.getKeyPolicy, getKeyPolicy(keyId, "not-a-word")))
        .hasMessage(
            "1 validation error detected: Value 'not-a-word' at 'policyName' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern: [\\w]+");
    error(KmsErrorType.VALIDATION, kms.getKeyPolicy, getKeyPolicy(keyId, ""));
    error(KmsErrorType.VALIDATION, kms.getKeyPolicy, getKeyPolicy(keyId, "p".repeat(129)));
    // the policy of a key that does not exist is not looked for
    assertThat(
            error(
                KmsErrorType.NOT_FOUND,
                kms.getKeyPolicy,
                getKeyPolicy("11111111-2222-3333-4444-555555555555", "custom")))
        .hasMessageStartingWith("Key '");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/app", "arn:aws:kms:us-east-1:111122223333:alias/app"})
  void theKeyPolicyOperations_takeNoAlias(String alias) {
    call(kms.createAlias, Requests.createAlias("alias/app", newKey(null)));

    error(KmsErrorType.NOT_FOUND, kms.getKeyPolicy, getKeyPolicy(alias));
    error(KmsErrorType.NOT_FOUND, kms.putKeyPolicy, putKeyPolicy(alias, policyAllowing(ROOT)));
    error(KmsErrorType.NOT_FOUND, kms.listKeyPolicies, listKeyPolicies(alias, null, null));
  }

  @ParameterizedTest
  @EnumSource(value = KeyState.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
  void theKeyPolicyOperations_workInEveryKeyState(KeyState state) {
    KmsFixture f = KmsFixture.on(test.store());
    String keyId = f.keyIn(state);
    String policy = policyAllowing(ROOT);

    call(kms.putKeyPolicy, putKeyPolicy(keyId, policy));

    assertThat(call(kms.getKeyPolicy, getKeyPolicy(keyId)).policy()).isEqualTo(policy);
    assertThat(call(kms.listKeyPolicies, listKeyPolicies(keyId, null, null)).policyNames())
        .containsExactly("default");
  }

  // ------------------------------------------------------------------ PutKeyPolicy

  @Test
  void putKeyPolicy_replacesThePolicy_keptAsSent_andCommitsItsRecordWithTheChange() {
    String keyId = newKey(null);
    String policy =
        "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {\n    \"Effect\" : \"Allow\",\n"
            + "    \"Principal\" : { \"AWS\" : \""
            + ROOT
            + "\" },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    long revision = stored(keyId).revision();

    call(kms.putKeyPolicy, putKeyPolicy(keyId, "default", policy, false));

    assertThat(call(kms.getKeyPolicy, getKeyPolicy(keyId)).policy()).isEqualTo(policy);
    assertThat(stored(keyId).revision()).isEqualTo(revision + 1);
    AuditEvent event =
        test.audit().events().stream()
            .filter(e -> e.eventName().equals("PutKeyPolicy"))
            .findFirst()
            .orElseThrow();
    assertThat(event.readOnly()).isFalse();
    assertThat(event.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("policyName", "default")
        .containsEntry("policy", policy)
        .containsEntry("bypassPolicyLockoutSafetyCheck", false);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
    assertThat(test.store().pendingRecords(10)).isEmpty();
  }

  @Test
  void putKeyPolicy_ofThePolicyTheKeyHas_writesNothing() {
    String keyId = newKey(null);
    long revision = stored(keyId).revision();

    call(kms.putKeyPolicy, putKeyPolicy(keyId, DefaultKeyPolicy.forAccount(TestKms.LOCATION)));

    assertThat(stored(keyId).revision()).isEqualTo(revision);
    assertThat(test.audit().last().eventName()).isEqualTo("PutKeyPolicy");
  }

  @Test
  void putKeyPolicy_policyShape_isValidated_beforeAnythingElse() {
    String keyId = newKey(null);

    assertThat(error(KmsErrorType.VALIDATION, kms.putKeyPolicy, putKeyPolicy(keyId, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'policy' failed to satisfy constraint:"
                + " Member must not be null");
    error(KmsErrorType.VALIDATION, kms.putKeyPolicy, putKeyPolicy(keyId, ""));
    error(KmsErrorType.VALIDATION, kms.putKeyPolicy, putKeyPolicy(keyId, "p".repeat(131073)));
    // characters outside tab, LF, CR and U+0020..U+00FF
    error(
        KmsErrorType.VALIDATION,
        kms.putKeyPolicy,
        putKeyPolicy(keyId, policyAllowing(ROOT).replace("kms:*", "kms:\u20ac")));
    error(
        KmsErrorType.VALIDATION,
        kms.putKeyPolicy,
        putKeyPolicy("11111111-2222-3333-4444-555555555555", ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{}",
        "[]",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
            + "\"Resource\":\"*\"}]}"
      })
  void putKeyPolicy_ofNoKeyPolicy_isMalformed_andKeepsTheOldOne(String notAKeyPolicy) {
    String keyId = newKey(null);
    String before = stored(keyId).policy();

    error(
        KmsErrorType.MALFORMED_POLICY_DOCUMENT,
        kms.putKeyPolicy,
        putKeyPolicy(keyId, notAKeyPolicy));

    assertThat(stored(keyId).policy()).isEqualTo(before);
  }

  @Test
  void putKeyPolicy_overTheKeyPolicyQuotaOf32KiB_isLimitExceeded() {
    String keyId = newKey(null);
    String padded =
        policyAllowing(ROOT)
            .replace("{\"Version\"", "{\"Id\":\"" + "p".repeat(32768) + "\",\"Version\"");

    error(KmsErrorType.LIMIT_EXCEEDED, kms.putKeyPolicy, putKeyPolicy(keyId, padded));

    assertThat(stored(keyId).policy()).isEqualTo(DefaultKeyPolicy.forAccount(TestKms.LOCATION));
  }

  // ------------------------------------------------------------------ the lockout safety check

  @Test
  void lockout_aPolicyThatWouldShutTheCallerOut_isMalformed_unlessBypassed() {
    String keyId = newKey(null);
    String onlyAlice = policyAllowing(ALICE);

    assertThat(
            error(
                KmsErrorType.MALFORMED_POLICY_DOCUMENT,
                kms.putKeyPolicy,
                putKeyPolicy(keyId, "default", onlyAlice, false)))
        .hasMessage(LOCKOUT);
    assertThat(stored(keyId).policy()).isEqualTo(DefaultKeyPolicy.forAccount(TestKms.LOCATION));

    call(kms.putKeyPolicy, putKeyPolicy(keyId, "default", onlyAlice, true));

    // the root is shut out now, as the check warned; Alice is not
    error(KmsErrorType.ACCESS_DENIED, kms.getKeyPolicy, getKeyPolicy(keyId));
    assertThat(callAs(ALICE_CALLER, kms.getKeyPolicy, getKeyPolicy(keyId)).policy())
        .isEqualTo(onlyAlice);
  }

  @Test
  void lockout_passes_whenTheNewPolicyAllowsTheCallerItself() {
    String keyId = newKey(policyAllowingAll(ROOT, ALICE));

    callAs(ALICE_CALLER, kms.putKeyPolicy, putKeyPolicy(keyId, policyAllowing(ALICE)));

    assertThat(stored(keyId).policy()).isEqualTo(policyAllowing(ALICE));
  }

  @Test
  void lockout_throughTheAccount_needsTheCallersIdentityPolicyToAllowPutKeyPolicy() {
    String keyId = newKey(policyAllowingAll(ROOT, ALICE));
    String accountOnly = policyAllowing(ROOT);

    // the new policy allows Alice only through her account, and no identity policy of hers allows
    assertThat(
            errorAs(
                ALICE_CALLER,
                KmsErrorType.MALFORMED_POLICY_DOCUMENT,
                kms.putKeyPolicy,
                putKeyPolicy(keyId, accountOnly)))
        .hasMessage(LOCKOUT);

    aliceMay = identityPolicy("kms:PutKeyPolicy");
    callAs(ALICE_CALLER, kms.putKeyPolicy, putKeyPolicy(keyId, accountOnly));
    assertThat(stored(keyId).policy()).isEqualTo(accountOnly);
  }

  @Test
  void lockout_anExplicitDenyOfPutKeyPolicyForTheCaller_shutsItOut() {
    String keyId = newKey(null);
    String denied =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + statement("Allow", ROOT, "kms:*")
            + ","
            + statement("Deny", ROOT, "kms:PutKeyPolicy")
            + "]}";

    assertThat(
            error(
                KmsErrorType.MALFORMED_POLICY_DOCUMENT,
                kms.putKeyPolicy,
                putKeyPolicy(keyId, denied)))
        .hasMessage(LOCKOUT);
  }

  // ------------------------------------------------------------------ CreateKey's Policy

  @Test
  void createKey_withAKeyPolicy_keepsItAsSent() {
    String policy = policyAllowing(ROOT);

    String keyId = newKey(policy);

    assertThat(call(kms.getKeyPolicy, getKeyPolicy(keyId)).policy()).isEqualTo(policy);
  }

  @Test
  void createKey_withAPolicyThatLocksTheCallerOut_createsNothing_unlessBypassed() {
    KmsException refused =
        error(
            KmsErrorType.MALFORMED_POLICY_DOCUMENT,
            kms.createKey,
            createKey().policy(policyAllowing(ALICE)).build());
    assertThat(refused).hasMessage(LOCKOUT);
    error(KmsErrorType.MALFORMED_POLICY_DOCUMENT, kms.createKey, createKey().policy("{}").build());
    assertThat(call(kms.listKeys, Requests.listKeys(1000, null)).keys()).isEmpty();

    String keyId =
        call(
                kms.createKey,
                createKey()
                    .policy(policyAllowing(ALICE))
                    .bypassPolicyLockoutSafetyCheck(true)
                    .build())
            .keyMetadata()
            .keyId();
    assertThat(stored(keyId).policy()).isEqualTo(policyAllowing(ALICE));
  }

  // ------------------------------------------------------------------ ListKeyPolicies

  @Test
  void listKeyPolicies_namesDefault_andPagesByAwsRules() {
    String keyId = newKey(null);

    ListKeyPoliciesResponse listed = call(kms.listKeyPolicies, listKeyPolicies(keyId, 1, null));

    assertThat(listed.policyNames()).containsExactly("default");
    assertThat(listed.truncated()).isFalse();
    assertThat(listed.nextMarker()).isNull();
    assertThat(test.audit().last().readOnly()).isTrue();
    error(KmsErrorType.VALIDATION, kms.listKeyPolicies, listKeyPolicies(keyId, 0, null));
    error(KmsErrorType.VALIDATION, kms.listKeyPolicies, listKeyPolicies(keyId, 1001, null));
    error(KmsErrorType.VALIDATION, kms.listKeyPolicies, listKeyPolicies(keyId, null, ""));
    error(KmsErrorType.INVALID_MARKER, kms.listKeyPolicies, listKeyPolicies(keyId, null, "junk"));
  }

  // ------------------------------------------------------------------ AWS managed keys

  @Test
  void anAwsManagedKeysPolicy_canBeRead_notReplaced() {
    String keyId =
        call(kms.describeKey, Requests.describeKey("alias/aws/s3")).keyMetadata().keyId();
    String fixed = stored(keyId).policy();

    assertThat(call(kms.getKeyPolicy, getKeyPolicy(keyId)).policy()).isEqualTo(fixed);
    assertThat(call(kms.listKeyPolicies, listKeyPolicies(keyId, null, null)).policyNames())
        .containsExactly("default");
    error(
        KmsErrorType.ACCESS_DENIED,
        kms.putKeyPolicy,
        putKeyPolicy(keyId, "default", policyAllowing(ROOT), true));

    assertThat(stored(keyId).policy()).isEqualTo(fixed);
  }

  // ------------------------------------------------------------------ helpers

  private String newKey(String policy) {
    return call(kms.createKey, createKey().policy(policy).build()).keyMetadata().keyId();
  }

  private dev.serverlesskms.core.model.KmsKey stored(String keyId) {
    return test.store().find(new KeyId(keyId)).orElseThrow();
  }

  private <Q extends KmsRequest, R extends KmsResponse> R call(
      OperationBinding<Q, R> operation, Q request) {
    return callAs(TestKms.accountRoot(), operation, request);
  }

  private <Q extends KmsRequest, R extends KmsResponse> R callAs(
      Caller caller, OperationBinding<Q, R> operation, Q request) {
    return kms.invoke(operation, request, TestKms.context(caller));
  }

  private <Q extends KmsRequest, R extends KmsResponse> KmsException error(
      KmsErrorType expected, OperationBinding<Q, R> operation, Q request) {
    return errorAs(TestKms.accountRoot(), expected, operation, request);
  }

  private <Q extends KmsRequest, R extends KmsResponse> KmsException errorAs(
      Caller caller, KmsErrorType expected, OperationBinding<Q, R> operation, Q request) {
    KmsException[] caught = new KmsException[1];
    assertThatThrownBy(() -> callAs(caller, operation, request))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).as(e.getMessage()).isEqualTo(expected);
              caught[0] = e;
            });
    return caught[0];
  }

  /** A key policy whose one statement allows {@code principal} everything. */
  private static String policyAllowing(String principal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":["
        + statement("Allow", principal, "kms:*")
        + "]}";
  }

  private static String policyAllowingAll(String... principals) {
    StringBuilder statements = new StringBuilder();
    for (String principal : principals) {
      if (statements.length() > 0) {
        statements.append(',');
      }
      statements.append(statement("Allow", principal, "kms:*"));
    }
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  private static String statement(String effect, String principal, String action) {
    return "{\"Effect\":\""
        + effect
        + "\",\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}";
  }

  private static String identityPolicy(String action) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}]}";
  }
}
