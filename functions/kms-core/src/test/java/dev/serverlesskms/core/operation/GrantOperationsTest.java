package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.GrantRequestsBuilder.ALICE;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.APP_ROLE;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.BOB;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.CAROL;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.MALLORY;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.WORKER;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.createGrant;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.listGrants;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.listRetirable;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.retire;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.retireByToken;
import static dev.serverlesskms.core.operation.GrantRequestsBuilder.revoke;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateGrantResponse;
import dev.serverlesskms.core.api.GrantListEntry;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.api.ListGrantsRequest;
import dev.serverlesskms.core.api.ListGrantsResponse;
import dev.serverlesskms.core.api.RetireGrantRequest;
import dev.serverlesskms.core.api.RevokeGrantRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.GrantToken;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.KeyFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant through the KMS facade:
 * AWS's validation and errors, idempotency by name, the grant quota, key states, who may create,
 * retire and revoke, and the audit records. The account root of the KMS's account is the key
 * administrator (the default key policy); other callers have no identity policies here (see {@code
 * GrantDelegationTest} for those).
 */
class GrantOperationsTest {
  private static final Map<String, String> DEPT = Map.of("Department", "IT");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private <Q extends KmsRequest, R extends KmsResponse> R as(
      Caller caller, OperationBinding<Q, R> operation, Q request) {
    return f.test.callAs(caller, operation, request);
  }

  private <Q extends KmsRequest, R extends KmsResponse> KmsException errorAs(
      KmsErrorType expected, Caller caller, OperationBinding<Q, R> operation, Q request) {
    try {
      R response = as(caller, operation, request);
      throw new AssertionError(
          operation.name() + " answered " + response + ", expected " + expected.wireName());
    } catch (KmsException e) {
      assertThat(e.type()).as("%s: %s", operation.name(), e.getMessage()).isEqualTo(expected);
      return e;
    }
  }

  private CreateGrantResponse grant(GrantRequestsBuilder.CreateGrant request) {
    return f.call(kms.createGrant, request.build());
  }

  private List<GrantListEntry> grantsOf(String keyId) {
    return f.call(kms.listGrants, listGrants(keyId)).grants();
  }

  // ------------------------------------------------------------------ CreateGrant

  @Test
  void createGrant_returnsAnIdAndAToken_andListGrantsShowsTheGrantAsAwsDoes() {
    String keyId = f.createKey();

    CreateGrantResponse created =
        grant(
            createGrant(keyId, ALICE.arn(), "Encrypt", "Decrypt", "Encrypt")
                .retiring(CAROL.arn())
                .subset(DEPT));

    assertThat(created.grantId()).matches("[0-9a-f]{64}");
    assertThat(GrantToken.parse(created.grantToken()))
        .isEqualTo(new GrantToken(created.grantId(), new KeyId(keyId)));
    assertThat(grantsOf(keyId))
        .containsExactly(
            new GrantListEntry(
                arn(keyId),
                created.grantId(),
                "",
                f.now(),
                ALICE.arn(),
                CAROL.arn(),
                "arn:aws:iam::111122223333:root",
                List.of(GrantOperation.Encrypt, GrantOperation.Decrypt),
                new GrantConstraints(DEPT, null, null),
                null,
                null));
  }

  @Test
  void createGrant_withAName_andTheSameParameters_returnsTheSameGrant_andANewToken() {
    String keyId = f.createKey();
    GrantRequestsBuilder.CreateGrant request =
        createGrant(keyId, ALICE.arn(), "Encrypt", "Decrypt").subset(DEPT).name("app/orders");
    CreateGrantResponse first = grant(request);
    int records = f.audit().size();

    CreateGrantResponse again =
        grant(
            createGrant(keyId, ALICE.arn(), "Decrypt", "Encrypt").subset(DEPT).name("app/orders"));

    assertThat(again.grantId()).isEqualTo(first.grantId());
    assertThat(again.grantToken()).isNotEqualTo(first.grantToken());
    assertThat(grantsOf(keyId)).hasSize(1);
    assertThat(f.test.store().countGrants(new KeyId(keyId))).isEqualTo(1);
    assertThat(f.audit()).hasSize(records + 2); // the retry and the listing, no change
  }

  @Test
  void createGrant_sameNameOtherParameters_orNoName_makesAnotherGrant() {
    String keyId = f.createKey();
    String first = grant(createGrant(keyId, ALICE.arn(), "Encrypt").name("n")).grantId();

    String otherOperations = grant(createGrant(keyId, ALICE.arn(), "Decrypt").name("n")).grantId();
    String otherGrantee = grant(createGrant(keyId, CAROL.arn(), "Encrypt").name("n")).grantId();
    String unnamedOnce = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    String unnamedTwice = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();

    assertThat(List.of(first, otherOperations, otherGrantee, unnamedOnce, unnamedTwice))
        .doesNotHaveDuplicates();
    assertThat(grantsOf(keyId)).hasSize(5);
  }

  @Test
  void createGrant_operationsMustBeGrantOperations_withAwsListMessage() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.createGrant,
                    createGrant(keyId, ALICE.arn(), "Encrypt", "MineBitcoin").build())
                .getMessage())
        .isEqualTo(
            "1 validation error detected: Value '[Encrypt, MineBitcoin]' at 'operations' failed to"
                + " satisfy constraint: Member must satisfy constraint: [Member must satisfy enum"
                + " value set: [Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext,"
                + " ReEncryptFrom, ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant,"
                + " RetireGrant, DescribeKey, GenerateDataKeyPair,"
                + " GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac,"
                + " DeriveSharedSecret]]");
    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.createGrant,
                    createGrant(keyId, ALICE.arn()).operationList(null).build())
                .getMessage())
        .isEqualTo(
            "1 validation error detected: Value null at 'operations' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn()).operationList(List.of()).build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn()).operationList(Collections.singletonList(null)).build());
  }

  @Test
  void createGrant_membersOutsideTheirConstraints_areValidationErrors() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.createGrant,
                    createGrant(keyId, ALICE.arn(), "Encrypt").name("has space").build())
                .getMessage())
        .isEqualTo(
            "1 validation error detected: Value 'has space' at 'name' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern:"
                + " ^[a-zA-Z0-9:/_-]+$");
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt").name("n".repeat(257)).build());
    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.createGrant,
                    createGrant(keyId, "arn:aws:iam::111122223333:user/a b", "Encrypt").build())
                .getMessage())
        .startsWith("1 validation error detected: Value 'arn:aws:iam::111122223333:user/a b' at")
        .contains("'granteePrincipal'");
    f.error(KmsErrorType.VALIDATION, kms.createGrant, createGrant(keyId, null, "Encrypt").build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt").granteeService("s3.amazonaws.com").build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt")
            .retiring(CAROL.arn())
            .retiringService("s3.amazonaws.com")
            .build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt")
            .grantTokens(Collections.nCopies(11, "t").toArray(String[]::new))
            .build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt").grantTokens("t".repeat(8193)).build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        new GrantRequestsBuilder.CreateGrant(null)
            .grantee(ALICE.arn())
            .operations("Encrypt")
            .build());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:iam::111122223333:group/admins",
        "arn:aws:iam::11112222333:user/short-account",
        "arn:aws:s3:::bucket",
        "arn:aws:sts::111122223333:assumed-role/no-session",
        "alice",
        "12345"
      })
  void createGrant_aPrincipalThatIsNone_isInvalidArn(String principal) {
    String keyId = f.createKey();

    assertThat(
            f.error(
                    KmsErrorType.INVALID_ARN,
                    kms.createGrant,
                    createGrant(keyId, principal, "Encrypt").build())
                .getMessage())
        .isEqualTo("ARN does not refer to a valid principal: " + principal);
    f.error(
        KmsErrorType.INVALID_ARN,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt").retiring(principal).build());
  }

  @Test
  void createGrant_acceptsEveryKindOfPrincipal() {
    String keyId = f.createKey();

    for (String principal :
        List.of(
            ALICE.arn(),
            APP_ROLE,
            WORKER.arn(),
            "arn:aws:iam::444455556666:root",
            "444455556666",
            "arn:aws:iam::111122223333:role/service-role/path/name",
            "arn:aws:sts::111122223333:federated-user/fed",
            "dynamodb.us-east-1.amazonaws.com")) {
      grant(createGrant(keyId, principal, "Encrypt").retiring(principal));
    }

    assertThat(grantsOf(keyId)).hasSize(8);
  }

  @Test
  void createGrant_operationsTheKeyCannotDo_areValidationErrors() {
    String symmetric = f.createKey();
    String signing = f.seedKey(k -> k.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.SIGN_VERIFY));
    String hmac =
        f.seedKey(k -> k.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));

    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.createGrant,
                    createGrant(symmetric, ALICE.arn(), "Encrypt", "Sign").build())
                .getMessage())
        .contains("Sign")
        .contains("SYMMETRIC_DEFAULT");
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(signing, ALICE.arn(), "GenerateDataKey").build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(hmac, ALICE.arn(), "Encrypt").build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(signing, ALICE.arn(), "Sign", "DescribeKey").subset(DEPT).build());

    grant(createGrant(signing, ALICE.arn(), "Sign", "Verify", "GetPublicKey", "DescribeKey"));
    grant(createGrant(hmac, ALICE.arn(), "GenerateMac", "VerifyMac", "CreateGrant"));
    grant(
        createGrant(
            symmetric,
            ALICE.arn(),
            "Encrypt",
            "Decrypt",
            "ReEncryptFrom",
            "ReEncryptTo",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "DescribeKey",
            "CreateGrant",
            "RetireGrant"));
  }

  @Test
  void createGrant_constraintsOverTheirLimits_areValidationErrors() {
    String keyId = f.createKey();
    Map<String, String> nine = new java.util.HashMap<>();
    for (int i = 0; i < 9; i++) {
      nine.put("k" + i, "v");
    }

    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Decrypt").subset(nine).build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Decrypt").equalTo(Map.of("k", "v".repeat(385))).build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Decrypt")
            .constraints(new GrantConstraints(null, null, "not-an-arn-at-all"))
            .build());
    nine.remove("k0");
    grant(createGrant(keyId, ALICE.arn(), "Decrypt").subset(nine));
    grant(createGrant(keyId, ALICE.arn(), "Decrypt").equalTo(Map.of("k", "v".repeat(384))));
  }

  @Test
  void createGrant_toAServicePrincipal_needsASourceArnAndARetiringPrincipal() {
    String keyId = f.createKey();
    GrantConstraints source =
        new GrantConstraints(null, null, "arn:aws:logs:us-east-1:111122223333:log-group:app");

    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, null, "Encrypt")
            .granteeService("logs.us-east-1.amazonaws.com")
            .retiring(CAROL.arn())
            .build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, null, "Encrypt")
            .granteeService("logs.us-east-1.amazonaws.com")
            .constraints(source)
            .build());
    f.error(
        KmsErrorType.VALIDATION,
        kms.createGrant,
        createGrant(keyId, null, "Encrypt")
            .granteeService("not a service")
            .retiring(CAROL.arn())
            .constraints(source)
            .build());

    String grantId =
        grant(
                createGrant(keyId, null, "Encrypt")
                    .granteeService("logs.us-east-1.amazonaws.com")
                    .retiringService("logs.amazonaws.com")
                    .constraints(source))
            .grantId();

    GrantListEntry entry = grantsOf(keyId).get(0);
    assertThat(entry.grantId()).isEqualTo(grantId);
    assertThat(entry.granteePrincipal()).isNull();
    assertThat(entry.granteeServicePrincipal()).isEqualTo("logs.us-east-1.amazonaws.com");
    assertThat(entry.retiringServicePrincipal()).isEqualTo("logs.amazonaws.com");
    assertThat(entry.constraints()).isEqualTo(source);
  }

  @Test
  void createGrant_followsTheCryptographicKeyStateRow() {
    assertThat(
            f.error(
                    KmsErrorType.DISABLED,
                    kms.createGrant,
                    createGrant(f.keyIn(KeyState.DISABLED), ALICE.arn(), "Encrypt").build())
                .getMessage())
        .endsWith(" is disabled.");
    assertThat(
            f.error(
                    KmsErrorType.INVALID_STATE,
                    kms.createGrant,
                    createGrant(f.keyIn(KeyState.PENDING_DELETION), ALICE.arn(), "Encrypt").build())
                .getMessage())
        .endsWith(" is pending deletion.");
    f.error(
        KmsErrorType.INVALID_STATE,
        kms.createGrant,
        createGrant(f.keyIn(KeyState.PENDING_IMPORT), ALICE.arn(), "Encrypt").build());
  }

  @Test
  void createGrant_unknownKey_orAnAlias_isNotFound() {
    String keyId = f.createKey();
    f.createAlias("alias/granted", keyId);

    f.error(
        KmsErrorType.NOT_FOUND,
        kms.createGrant,
        createGrant(KeyId.random().value(), ALICE.arn(), "Encrypt").build());
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.createGrant,
        createGrant("alias/granted", ALICE.arn(), "Encrypt").build());
    grant(createGrant(arn(keyId), ALICE.arn(), "Encrypt"));
  }

  @Test
  void createGrant_dryRun_answersDryRun_andCreatesNothing() {
    String keyId = f.createKey();

    f.error(
        KmsErrorType.DRY_RUN,
        kms.createGrant,
        createGrant(keyId, ALICE.arn(), "Encrypt").dryRun().build());

    assertThat(grantsOf(keyId)).isEmpty();
  }

  @Test
  void createGrant_atFiftyThousandGrants_isLimitExceeded() {
    String keyId = f.createKey();
    KeyId key = new KeyId(keyId);
    for (int i = 0; i < ResourceQuotas.AWS_DEFAULTS.grantsPerKey(); i++) {
      OutboxRecord record = KeyFixtures.auditRecord("SeedGrant");
      f.test.store().createGrant(KeyFixtures.grant(key, ALICE.arn()), record);
      f.test.store().removeRecord(record.id());
    }

    assertThat(
            f.error(
                    KmsErrorType.LIMIT_EXCEEDED,
                    kms.createGrant,
                    createGrant(keyId, ALICE.arn(), "Encrypt").build())
                .getMessage())
        .isEqualTo("A key can have at most 50000 grants: " + arn(keyId));
    assertThat(f.test.store().countGrants(key)).isEqualTo(50_000);
  }

  @Test
  void createGrant_isAudited_withItsMembersAndGrantId_neverItsToken() {
    String keyId = f.createKey();

    CreateGrantResponse created =
        grant(
            createGrant(keyId, ALICE.arn(), "Decrypt")
                .retiring(CAROL.arn())
                .subset(DEPT)
                .name("audited"));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("CreateGrant");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("granteePrincipal", ALICE.arn())
        .containsEntry("retiringPrincipal", CAROL.arn())
        .containsEntry("operations", List.of("Decrypt"))
        .containsEntry("name", "audited")
        .containsEntry("constraints", Map.of("encryptionContextSubset", DEPT));
    assertThat(event.responseElements()).isEqualTo(Map.of("grantId", created.grantId()));
    assertThat(AuditEventJson.toJson(event)).doesNotContain(created.grantToken());
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }

  // ------------------------------------------------------------------ CreateGrant under a grant

  @Test
  void createGrant_byACallerWithoutPolicyOrGrant_isAccessDenied() {
    String keyId = f.createKey();

    assertThat(
            errorAs(
                    KmsErrorType.ACCESS_DENIED,
                    ALICE,
                    kms.createGrant,
                    createGrant(keyId, CAROL.arn(), "Encrypt").build())
                .getMessage())
        .startsWith("User: " + ALICE.arn() + " is not authorized to perform: kms:CreateGrant")
        .contains(arn(keyId));
    assertThat(grantsOf(keyId)).isEmpty();
  }

  @Test
  void aGrantWithCreateGrant_letsItsGranteeGrantNoMoreThanItHas() {
    String keyId = f.createKey();
    grant(createGrant(keyId, ALICE.arn(), "CreateGrant", "Decrypt", "Encrypt").subset(DEPT));

    as(
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Decrypt")
            .subset(Map.of("Department", "IT", "Project", "x"))
            .build());
    as(
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Decrypt", "CreateGrant").equalTo(DEPT).build());
    errorAs(
        KmsErrorType.ACCESS_DENIED,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Decrypt").build());
    errorAs(
        KmsErrorType.ACCESS_DENIED,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Decrypt", "GenerateDataKey").subset(DEPT).build());
    errorAs(
        KmsErrorType.ACCESS_DENIED,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Decrypt").subset(Map.of("Project", "x")).build());

    assertThat(grantsOf(keyId)).hasSize(3);
  }

  @Test
  void aGrantToARole_letsItsSessions_createGrants() {
    String keyId = f.createKey();
    grant(createGrant(keyId, APP_ROLE, "CreateGrant", "Encrypt"));

    as(WORKER, kms.createGrant, createGrant(keyId, CAROL.arn(), "Encrypt").build());

    errorAs(
        KmsErrorType.ACCESS_DENIED,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Encrypt").build());
  }

  @Test
  void aMalformedGrantToken_isInvalidGrantToken_whenAGrantIsAsked() {
    String keyId = f.createKey();
    CreateGrantResponse created = grant(createGrant(keyId, ALICE.arn(), "CreateGrant", "Encrypt"));

    errorAs(
        KmsErrorType.INVALID_GRANT_TOKEN,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Encrypt").grantTokens("bogus").build());
    as(
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Encrypt").grantTokens(created.grantToken()).build());
  }

  @Test
  void aRetiredGrant_allowsNothingAnyMore() {
    String keyId = f.createKey();
    CreateGrantResponse created =
        grant(createGrant(keyId, ALICE.arn(), "CreateGrant", "Encrypt", "RetireGrant"));
    as(ALICE, kms.retireGrant, retireByToken(created.grantToken()));

    errorAs(
        KmsErrorType.ACCESS_DENIED,
        ALICE,
        kms.createGrant,
        createGrant(keyId, CAROL.arn(), "Encrypt").grantTokens(created.grantToken()).build());
  }

  // ------------------------------------------------------------------ RetireGrant

  @Test
  void retireGrant_byTheRetiringPrincipal_withTheToken() {
    String keyId = f.createKey();
    CreateGrantResponse created =
        grant(createGrant(keyId, ALICE.arn(), "Encrypt").retiring(CAROL.arn()));

    as(CAROL, kms.retireGrant, retireByToken(created.grantToken()));

    assertThat(grantsOf(keyId)).isEmpty();
    AuditEvent retired =
        f.audit().stream().filter(e -> e.eventName().equals("RetireGrant")).findFirst().get();
    assertThat(retired.errorCode()).isNull();
    assertThat(retired.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));
    assertThat(AuditEventJson.toJson(retired)).doesNotContain(created.grantToken());
  }

  @Test
  void retireGrant_byTheRetiringRole_fromOneOfItsSessions() {
    String keyId = f.createKey();
    String grantId = grant(createGrant(keyId, ALICE.arn(), "Encrypt").retiring(APP_ROLE)).grantId();

    as(WORKER, kms.retireGrant, retire(keyId, grantId));

    assertThat(grantsOf(keyId)).isEmpty();
  }

  @Test
  void retireGrant_byTheGrantee_onlyIfTheGrantAllowsRetireGrant() {
    String keyId = f.createKey();
    String plain = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    String retirable =
        grant(createGrant(keyId, ALICE.arn(), "Encrypt", "RetireGrant").subset(DEPT)).grantId();

    errorAs(KmsErrorType.ACCESS_DENIED, ALICE, kms.retireGrant, retire(keyId, plain));
    as(ALICE, kms.retireGrant, retire(arn(keyId), retirable));

    assertThat(grantsOf(keyId)).extracting(GrantListEntry::grantId).containsExactly(plain);
  }

  @Test
  void retireGrant_byTheKeysAccount_always() {
    String keyId = f.createKey();
    String grantId = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();

    f.call(kms.retireGrant, retire(keyId, grantId));

    assertThat(grantsOf(keyId)).isEmpty();
  }

  @Test
  void retireGrant_bySomeoneElse_isAccessDenied_andKeepsTheGrant() {
    String keyId = f.createKey();
    String grantId =
        grant(createGrant(keyId, ALICE.arn(), "Encrypt", "RetireGrant").retiring(CAROL.arn()))
            .grantId();

    assertThat(
            errorAs(KmsErrorType.ACCESS_DENIED, MALLORY, kms.retireGrant, retire(keyId, grantId))
                .getMessage())
        .isEqualTo(
            "User: "
                + MALLORY.arn()
                + " is not authorized to perform: kms:RetireGrant on resource: "
                + arn(keyId)
                + " because no identity-based policy allows the kms:RetireGrant action");
    errorAs(KmsErrorType.ACCESS_DENIED, BOB, kms.retireGrant, retire(arn(keyId), grantId));

    assertThat(grantsOf(keyId)).hasSize(1);
  }

  @Test
  void retireGrant_requestForms_andTheirErrors() {
    String keyId = f.createKey();
    String otherKeyId = f.createKey();
    CreateGrantResponse created = grant(createGrant(keyId, ALICE.arn(), "Encrypt"));
    CreateGrantResponse other = grant(createGrant(keyId, ALICE.arn(), "Decrypt"));

    f.error(
        KmsErrorType.VALIDATION, kms.retireGrant, new RetireGrantRequest(null, null, null, null));
    f.error(KmsErrorType.VALIDATION, kms.retireGrant, retire(keyId, null));
    f.error(KmsErrorType.VALIDATION, kms.retireGrant, retire(null, created.grantId()));
    assertThat(
            f.error(KmsErrorType.INVALID_GRANT_ID, kms.retireGrant, retire(keyId, "not-a-grant"))
                .getMessage())
        .isEqualTo("Invalid grant ID: not-a-grant");
    String unknown = Grant.newId();
    assertThat(
            f.error(KmsErrorType.NOT_FOUND, kms.retireGrant, retire(keyId, unknown)).getMessage())
        .isEqualTo("Grant ID " + unknown + " not found");
    f.error(KmsErrorType.NOT_FOUND, kms.retireGrant, retire(otherKeyId, created.grantId()));
    f.error(
        KmsErrorType.NOT_FOUND, kms.retireGrant, retire(KeyId.random().value(), created.grantId()));
    f.error(KmsErrorType.INVALID_GRANT_TOKEN, kms.retireGrant, retireByToken("bogus"));
    f.error(
        KmsErrorType.VALIDATION,
        kms.retireGrant,
        new RetireGrantRequest(created.grantToken(), null, other.grantId(), null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.retireGrant,
        new RetireGrantRequest(created.grantToken(), otherKeyId, null, null));

    f.call(
        kms.retireGrant,
        new RetireGrantRequest(created.grantToken(), arn(keyId), created.grantId(), null));
    assertThat(
            f.error(KmsErrorType.NOT_FOUND, kms.retireGrant, retireByToken(created.grantToken()))
                .getMessage())
        .isEqualTo("Grant ID " + created.grantId() + " not found");
    assertThat(grantsOf(keyId))
        .extracting(GrantListEntry::grantId)
        .containsExactly(other.grantId());
  }

  @Test
  void retireGrant_dryRun_answersDryRun_andKeepsTheGrant() {
    String keyId = f.createKey();
    String grantId = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();

    f.error(
        KmsErrorType.DRY_RUN, kms.retireGrant, new RetireGrantRequest(null, keyId, grantId, true));

    assertThat(grantsOf(keyId)).hasSize(1);
  }

  @Test
  void retireAndRevoke_workInEveryKeyState() {
    String keyId = f.createKey();
    String retired = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    String revoked = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    String kept = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    f.disable(keyId);
    f.scheduleDeletion(keyId);

    assertThat(grantsOf(keyId)).hasSize(3);
    f.call(kms.retireGrant, retire(keyId, retired));
    f.call(kms.revokeGrant, revoke(keyId, revoked));

    assertThat(grantsOf(keyId)).extracting(GrantListEntry::grantId).containsExactly(kept);
  }

  // ------------------------------------------------------------------ RevokeGrant

  @Test
  void revokeGrant_byTheKeyAdministrator_deletesTheGrant_andIsAudited() {
    String keyId = f.createKey();
    String grantId = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();

    f.call(kms.revokeGrant, revoke(arn(keyId), grantId));

    assertThat(grantsOf(keyId)).isEmpty();
    AuditEvent revoked =
        f.audit().stream().filter(e -> e.eventName().equals("RevokeGrant")).findFirst().get();
    assertThat(revoked.requestParameters()).containsEntry("grantId", grantId);
    assertThat(revoked.readOnly()).isFalse();
  }

  @Test
  void revokeGrant_byTheGranteeOrTheRetiringPrincipal_isAccessDenied() {
    String keyId = f.createKey();
    String grantId =
        grant(createGrant(keyId, ALICE.arn(), "Encrypt", "RetireGrant").retiring(CAROL.arn()))
            .grantId();

    assertThat(
            errorAs(KmsErrorType.ACCESS_DENIED, ALICE, kms.revokeGrant, revoke(keyId, grantId))
                .getMessage())
        .startsWith("User: " + ALICE.arn() + " is not authorized to perform: kms:RevokeGrant");
    errorAs(KmsErrorType.ACCESS_DENIED, CAROL, kms.revokeGrant, revoke(keyId, grantId));

    assertThat(grantsOf(keyId)).hasSize(1);
  }

  @Test
  void revokeGrant_errors_andDryRun() {
    String keyId = f.createKey();
    String grantId = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();

    f.error(KmsErrorType.VALIDATION, kms.revokeGrant, revoke(keyId, null));
    f.error(KmsErrorType.VALIDATION, kms.revokeGrant, revoke(null, grantId));
    f.error(KmsErrorType.INVALID_GRANT_ID, kms.revokeGrant, revoke(keyId, grantId.toUpperCase()));
    f.error(KmsErrorType.NOT_FOUND, kms.revokeGrant, revoke(keyId, Grant.newId()));
    f.error(KmsErrorType.NOT_FOUND, kms.revokeGrant, revoke(f.createKey(), grantId));
    f.error(KmsErrorType.DRY_RUN, kms.revokeGrant, new RevokeGrantRequest(keyId, grantId, true));

    assertThat(grantsOf(keyId)).hasSize(1);
  }

  // ------------------------------------------------------------------ ListGrants

  @Test
  void listGrants_pagesThroughTheKeysGrants_byMarker() {
    String keyId = f.createKey();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId());
    }
    grant(createGrant(f.createKey(), ALICE.arn(), "Encrypt"));

    List<String> listed = new ArrayList<>();
    ListGrantsResponse page = f.call(kms.listGrants, listGrants(keyId, 2, null));
    listed.addAll(page.grants().stream().map(GrantListEntry::grantId).toList());
    while (page.truncated()) {
      assertThat(page.grants()).hasSize(2);
      page = f.call(kms.listGrants, listGrants(keyId, 2, page.nextMarker()));
      listed.addAll(page.grants().stream().map(GrantListEntry::grantId).toList());
    }

    assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(page.nextMarker()).isNull();
    assertThat(f.call(kms.listGrants, listGrants(keyId)).truncated()).isFalse();
    f.error(KmsErrorType.INVALID_MARKER, kms.listGrants, listGrants(keyId, 2, "bogus"));
    f.error(KmsErrorType.VALIDATION, kms.listGrants, listGrants(keyId, 1001, null));
    f.error(KmsErrorType.VALIDATION, kms.listGrants, listGrants(keyId, 0, null));
  }

  @Test
  void listGrants_filtersByGrantIdAndByGrantee() {
    String keyId = f.createKey();
    String toAlice = grant(createGrant(keyId, ALICE.arn(), "Encrypt")).grantId();
    String toCarol = grant(createGrant(keyId, CAROL.arn(), "Encrypt")).grantId();

    assertThat(
            f.call(kms.listGrants, new ListGrantsRequest(null, null, keyId, toCarol, null, null))
                .grants())
        .extracting(GrantListEntry::grantId)
        .containsExactly(toCarol);
    assertThat(
            f.call(
                    kms.listGrants,
                    new ListGrantsRequest(null, null, keyId, null, ALICE.arn(), null))
                .grants())
        .extracting(GrantListEntry::grantId)
        .containsExactly(toAlice);
    assertThat(
            f.call(
                    kms.listGrants,
                    new ListGrantsRequest(null, null, keyId, toCarol, ALICE.arn(), null))
                .grants())
        .isEmpty();
    assertThat(
            f.call(
                    kms.listGrants,
                    new ListGrantsRequest(null, null, keyId, Grant.newId(), null, null))
                .grants())
        .isEmpty();
    f.error(
        KmsErrorType.INVALID_GRANT_ID,
        kms.listGrants,
        new ListGrantsRequest(null, null, keyId, "x", null, null));
    f.error(
        KmsErrorType.INVALID_ARN,
        kms.listGrants,
        new ListGrantsRequest(null, null, keyId, null, "nobody", null));
  }

  @Test
  void listGrants_worksInEveryKeyState_andNeedsKmsListGrants() {
    String keyId = f.createKey();
    grant(createGrant(keyId, ALICE.arn(), "Encrypt"));
    f.disable(keyId);

    assertThat(grantsOf(keyId)).hasSize(1);
    f.error(KmsErrorType.NOT_FOUND, kms.listGrants, listGrants(KeyId.random().value()));
    errorAs(KmsErrorType.ACCESS_DENIED, ALICE, kms.listGrants, listGrants(keyId));
  }

  // ------------------------------------------------------------------ ListRetirableGrants

  @Test
  void listRetirableGrants_listsTheGrantsAPrincipalMayRetire_acrossKeys() {
    String one = f.createKey();
    String two = f.createKey();
    String a = grant(createGrant(one, ALICE.arn(), "Encrypt").retiring(CAROL.arn())).grantId();
    String b = grant(createGrant(two, ALICE.arn(), "Encrypt").retiring(CAROL.arn())).grantId();
    grant(createGrant(two, ALICE.arn(), "Encrypt").retiring(ALICE.arn()));
    grant(createGrant(two, CAROL.arn(), "Encrypt"));

    ListGrantsResponse listed = f.call(kms.listRetirableGrants, listRetirable(CAROL.arn()));

    assertThat(listed.grants()).extracting(GrantListEntry::grantId).containsExactlyInAnyOrder(a, b);
    assertThat(listed.grants())
        .extracting(GrantListEntry::keyId)
        .containsExactlyInAnyOrder(arn(one), arn(two));
    assertThat(f.lastAudit().eventName()).isEqualTo("ListRetirableGrants");
    assertThat(f.lastAudit().readOnly()).isTrue();
  }

  @Test
  void listRetirableGrants_validation_andItIsIamOnly() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.listRetirableGrants,
        new dev.serverlesskms.core.api.ListRetirableGrantsRequest(null, null, null, null));
    f.error(KmsErrorType.INVALID_ARN, kms.listRetirableGrants, listRetirable("nobody"));

    errorAs(KmsErrorType.ACCESS_DENIED, ALICE, kms.listRetirableGrants, listRetirable(ALICE.arn()));
    errorAs(KmsErrorType.ACCESS_DENIED, BOB, kms.listRetirableGrants, listRetirable(BOB.arn()));
  }
}
