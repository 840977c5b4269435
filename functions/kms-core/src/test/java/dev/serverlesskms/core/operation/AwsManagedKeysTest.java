package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.aliasArn;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.listAliases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.AliasListEntry;
import dev.serverlesskms.core.api.GetKeyRotationStatusResponse;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.ListAliasesResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.GrantAuthority;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AWS managed keys: a predefined {@code alias/aws/<service>} names no key until its first use
 * creates the AWS managed key (KeyManager AWS, AWS's fixed policy and description, yearly
 * rotation), with CreateKey and CreateAlias audit records; ListAliases shows the predefined aliases
 * without a TargetKeyId until then; nobody changes such a key or its alias.
 */
class AwsManagedKeysTest {
  private static final String S3 = "alias/aws/s3";
  private static final String ACCOUNT = TestKms.LOCATION.accountId();

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ first use

  @Test
  void describeKey_ofAPredefinedAlias_createsItsAwsManagedKey_andNamesTheSameKeyEverAfter() {
    KeyMetadata created = f.describe(S3);

    assertThat(created.keyManager()).isEqualTo("AWS");
    assertThat(created.description())
        .isEqualTo("Default key that protects my S3 objects when no other key is defined");
    assertThat(created.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(created.enabled()).isTrue();
    assertThat(created.keySpec().toString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(created.keyUsage().name()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(created.origin().name()).isEqualTo("AWS_KMS");
    assertThat(created.creationDate()).isEqualTo(f.now());
    assertThat(f.describe(S3).keyId()).isEqualTo(created.keyId());
    assertThat(f.describe(aliasArn(S3)).keyId()).isEqualTo(created.keyId());
    assertThat(f.test.store().findAlias(S3).orElseThrow().targetKeyId().value())
        .isEqualTo(created.keyId());
  }

  @Test
  void theKeysId_isTheServicesInThisAccountAndRegion_soEveryFirstUseMakesTheSameKey() {
    String viaAnotherKms =
        onAnotherKmsOfTheSameAccount()
            .call(kms.describeKey, Requests.describeKey(S3))
            .keyMetadata()
            .keyId();

    assertThat(f.describe(S3).keyId()).isEqualTo(viaAnotherKms);
    assertThat(f.describe("alias/aws/ebs").keyId()).isNotEqualTo(viaAnotherKms);
  }

  @Test
  void theKey_hasAwsFixedPolicyForItsService() {
    String keyId = f.describe(S3).keyId();

    assertThat(storedKey(keyId).policy())
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Id\":\"auto-s3-2\",\"Statement\":[{\"Sid\":\"Allow access"
                + " through S3 for all principals in the account that are authorized to use"
                + " S3\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"kms:Encrypt\","
                + "\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:DescribeKey\"],"
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":"
                + "\"s3.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\""
                + ACCOUNT
                + "\"}}},{\"Sid\":\"Allow direct access to key metadata to the account\",\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT
                + ":root\"},\"Action\":[\"kms:Describe*\",\"kms:Get*\",\"kms:List*\"],"
                + "\"Resource\":\"*\"}]}");
  }

  @Test
  void theKeyOfAServiceThatMakesGrants_allowsItGrants_andTheAccountToRevokeThem() {
    String policy = storedKey(f.describe("alias/aws/ebs").keyId()).policy();

    assertThat(policy)
        .contains("\"Id\":\"auto-ebs-2\"")
        .contains("Allow access through EBS for all principals in the account")
        .contains("\"kms:ViaService\":\"ec2.us-east-1.amazonaws.com\"")
        .contains("\"kms:CreateGrant\",\"kms:DescribeKey\"]")
        .contains("\"kms:List*\",\"kms:RevokeGrant\"]");
    assertThat(f.describe("alias/aws/rds").description())
        .isEqualTo(
            "Default key that protects my RDS database volumes when no other key is defined");
  }

  @Test
  void theKey_rotatesEveryYear_andTheLifecycleJobRotatesIt() {
    String keyId = f.describe(S3).keyId();

    GetKeyRotationStatusResponse status =
        f.call(kms.getKeyRotationStatus, Requests.getKeyRotationStatus(keyId));
    assertThat(status.keyRotationEnabled()).isTrue();
    assertThat(status.rotationPeriodInDays()).isEqualTo(365);
    assertThat(status.nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(365)));

    f.advance(Duration.ofDays(366));
    assertThat(f.test.lifecycleJob().run().rotated()).isEqualTo(1);
    assertThat(f.call(kms.listKeyRotations, Requests.listKeyRotations(keyId)).rotations())
        .extracting(r -> r.rotationType())
        .containsExactly(RotationType.AUTOMATIC.name());
  }

  @Test
  void firstUse_isAuditedAsCreateKeyAndCreateAlias_beforeTheRequestsOwnRecord() {
    String keyId = f.describe(S3).keyId();

    List<AuditEvent> events = f.audit();
    assertThat(events)
        .extracting(AuditEvent::eventName)
        .containsExactly("CreateKey", "CreateAlias", "DescribeKey");
    AuditEvent createKey = events.get(0);
    assertThat(createKey.readOnly()).isFalse();
    assertThat(createKey.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));
    assertThat(createKey.requestParameters())
        .containsEntry(
            "description", "Default key that protects my S3 objects when no other key is defined")
        .containsEntry("origin", "AWS_KMS");
    assertThat(createKey.userIdentity().arn()).isEqualTo(TestKms.LOCATION.accountRootArn());
    assertThat(events.get(1).requestParameters())
        .containsEntry("aliasName", S3)
        .containsEntry("targetKeyId", keyId);
    // committed with the key and the alias, then delivered: nothing stays in the outbox
    assertThat(f.test.store().pendingRecords(10)).isEmpty();

    f.test.audit().clear();
    f.describe(S3);
    assertThat(f.audit()).extracting(AuditEvent::eventName).containsExactly("DescribeKey");
  }

  @Test
  void anyOperationThatTakesAnAlias_createsTheKeyOnFirstUse_whateverItThenAnswers() {
    // Encrypt by a caller directly: AWS's policy lets the account use the key only through S3, so
    // once requests are authorized this Encrypt is refused; the key exists either way.
    try {
      f.call(kms.encrypt, Requests.encrypt(S3, KmsFixture.utf8("first use")));
    } catch (KmsException refused) {
      assertThat(refused.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
    }
    try {
      f.call(
          kms.generateDataKey,
          Requests.generateDataKey(
              "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/aws/dynamodb", 32, null));
    } catch (KmsException refused) {
      assertThat(refused.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
    }

    assertThat(f.test.store().findAlias(S3)).isPresent();
    assertThat(f.test.store().findAlias("alias/aws/dynamodb")).isPresent();
    assertThat(f.audit())
        .extracting(AuditEvent::eventName)
        .containsSubsequence("CreateKey", "CreateAlias", "Encrypt")
        .containsSubsequence("CreateKey", "CreateAlias", "GenerateDataKey");
  }

  @Test
  void aFirstUseCutOffBetweenKeyAndAlias_isCompletedByTheNext() {
    String keyId = f.describe(S3).keyId();
    // the alias is lost (a process died between the two writes of another first use)
    OutboxRecord record = KeyFixtures.auditRecord("LostAlias");
    f.test.store().deleteAlias(S3, record);
    f.test.store().removeRecord(record.id());
    f.test.audit().clear();

    assertThat(f.describe(S3).keyId()).isEqualTo(keyId);
    assertThat(f.audit())
        .extracting(AuditEvent::eventName)
        .containsExactly("CreateAlias", "DescribeKey");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/aws/nosuchservice", "alias/aws/", "alias/aws/S3"})
  void anAwsAliasNoServicePredefines_isNotFound_andCreatesNothing(String aliasName) {
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(aliasName)))
        .hasMessage("Alias " + aliasArn(aliasName) + " is not found.");
    assertThat(f.call(kms.listKeys, Requests.listKeys(1000, null)).keys()).isEmpty();
  }

  @Test
  void aCallerOfAnotherAccount_createsNoKeyInThisOne() {
    Caller stranger =
        new Caller(
            "IAMUser",
            "AIDAEXAMPLESTRANGER",
            "arn:aws:iam::444455556666:user/stranger",
            "444455556666",
            "AKIAEXAMPLESTRANGER1");

    assertThatThrownBy(() -> f.test.callAs(stranger, kms.describeKey, Requests.describeKey(S3)))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.NOT_FOUND));
    assertThat(f.test.store().findAlias(S3)).isEmpty();
  }

  @Test
  void aKmsThatMayNotWrite_createsNoKey_andAnswersAsForAMissingAlias() {
    TestKms readOnly = TestKms.create();
    Kms kmsWithoutFirstUse =
        new Kms(readOnly.environment(), readOnly.audit(), IdentityPolicies.none(), false);

    assertThatThrownBy(
            () ->
                kmsWithoutFirstUse.invoke(
                    kmsWithoutFirstUse.describeKey,
                    Requests.describeKey(S3),
                    TestKms.context(TestKms.accountRoot())))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.NOT_FOUND);
              assertThat(e).hasMessage("Alias " + aliasArn(S3) + " is not found.");
            });
    assertThat(readOnly.store().findAlias(S3)).isEmpty();
  }

  // ------------------------------------------------------------------ what its policy allows

  @Test
  void thePolicy_letsTheAccountUseTheKeyOnlyThroughItsService_andReadItsMetadataDirectly() {
    KmsKey key = storedKey(f.describe(S3).keyId());
    Authorizer authorizer =
        new Authorizer(
            TestKms.LOCATION,
            caller -> List.of(PolicyDocument.parseIdentityPolicy(ALLOW_ALL)),
            GrantAuthority.none(),
            k -> List.of());
    Caller root = TestKms.accountRoot();
    Caller user =
        new Caller(
            "IAMUser",
            "AIDAEXAMPLEBOB000001",
            "arn:aws:iam::" + ACCOUNT + ":user/bob",
            ACCOUNT,
            "AKIAEXAMPLEBOB000001");
    Caller stranger =
        new Caller(
            "IAMUser",
            "AIDAEXAMPLESTRANGER",
            "arn:aws:iam::444455556666:user/stranger",
            "444455556666",
            "AKIAEXAMPLESTRANGER1");
    ConditionContext viaS3 =
        ConditionContext.builder().put("kms:ViaService", "s3.us-east-1.amazonaws.com").build();
    ConditionContext viaEc2 =
        ConditionContext.builder().put("kms:ViaService", "ec2.us-east-1.amazonaws.com").build();

    // through S3, any principal of the account; never directly, through another service or for
    // another account
    assertThat(allows(authorizer, user, encrypt(key, viaS3))).isTrue();
    assertThat(allows(authorizer, root, encrypt(key, viaS3))).isTrue();
    assertThat(allows(authorizer, root, encrypt(key, null))).isFalse();
    assertThat(allows(authorizer, user, encrypt(key, viaEc2))).isFalse();
    assertThat(allows(authorizer, stranger, encrypt(key, viaS3))).isFalse();
    // metadata directly, through the account (so as the caller's identity policies allow)
    assertThat(allows(authorizer, root, KeyAccess.of("DescribeKey", key))).isTrue();
    assertThat(allows(authorizer, user, KeyAccess.of("GetKeyPolicy", key))).isTrue();
    assertThat(allows(authorizer, user, KeyAccess.of("ListResourceTags", key))).isTrue();
    // and nothing else, for anyone
    for (String change :
        List.of(
            "DisableKey", "PutKeyPolicy", "ScheduleKeyDeletion", "TagResource", "CreateGrant")) {
      assertThat(allows(authorizer, root, KeyAccess.of(change, key))).as(change).isFalse();
    }
    assertThatThrownBy(
            () ->
                authorizer.requireAllowed(
                    TestKms.context(root), f.now(), KeyAccess.of("DisableKey", key)))
        .hasMessage(
            "User: "
                + TestKms.LOCATION.accountRootArn()
                + " is not authorized to perform: kms:DisableKey on resource: "
                + key.arn()
                + " because no resource-based policy allows the kms:DisableKey action");
  }

  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
          + "\"Resource\":\"*\"}]}";

  private boolean allows(Authorizer authorizer, Caller caller, KeyAccess access) {
    return authorizer.wouldAllow(TestKms.context(caller), f.now(), access);
  }

  private static KeyAccess encrypt(KmsKey key, ConditionContext conditions) {
    return KeyAccess.grantable("Encrypt", key, conditions, null, null);
  }

  // ------------------------------------------------------------------ nobody changes it

  @Test
  void everyChangeToTheKey_isAccessDenied_andLeavesItAsItWas() {
    String keyId = f.describe(S3).keyId();
    KmsKey before = storedKey(keyId);

    List<Consumer<String>> changes = new ArrayList<>();
    changes.add(k -> f.call(kms.disableKey, Requests.disableKey(k)));
    changes.add(k -> f.call(kms.enableKey, Requests.enableKey(k)));
    changes.add(k -> f.call(kms.updateKeyDescription, Requests.updateKeyDescription(k, "mine")));
    changes.add(k -> f.call(kms.scheduleKeyDeletion, Requests.scheduleKeyDeletion(k, 7)));
    changes.add(k -> f.call(kms.cancelKeyDeletion, Requests.cancelKeyDeletion(k)));
    changes.add(k -> f.call(kms.enableKeyRotation, Requests.enableKeyRotation(k, 90)));
    changes.add(k -> f.call(kms.disableKeyRotation, Requests.disableKeyRotation(k)));
    changes.add(k -> f.call(kms.rotateKeyOnDemand, Requests.rotateKeyOnDemand(k)));
    changes.add(k -> f.call(kms.tagResource, Requests.tagResource(k, Requests.tag("a", "b"))));
    changes.add(k -> f.call(kms.untagResource, Requests.untagResource(k, "a")));
    changes.add(k -> f.call(kms.createAlias, Requests.createAlias("alias/mine", k)));
    for (Consumer<String> change : changes) {
      assertThatThrownBy(() -> change.accept(keyId))
          .isInstanceOfSatisfying(
              KmsException.class,
              e -> assertThat(e.type()).as(e.getMessage()).isEqualTo(KmsErrorType.ACCESS_DENIED));
    }

    assertThat(storedKey(keyId)).isEqualTo(before);
    assertThat(f.test.store().findAlias("alias/mine")).isEmpty();
  }

  @Test
  void itsAlias_cannotBeRetargetedOrDeleted() {
    String keyId = f.describe(S3).keyId();
    String other = f.createKey();

    f.error(KmsErrorType.NOT_AUTHORIZED, kms.updateAlias, Requests.updateAlias(S3, other));
    f.error(KmsErrorType.NOT_AUTHORIZED, kms.deleteAlias, Requests.deleteAlias(S3));

    assertThat(f.describe(S3).keyId()).isEqualTo(keyId);
  }

  // ------------------------------------------------------------------ ListAliases

  @Test
  void listAliases_showsThePredefinedAliasesWithoutATarget_untilTheirKeyIsCreated() {
    f.createAlias("alias/app", f.createKey());

    List<AliasListEntry> before = f.call(kms.listAliases, listAliases(null, null, null)).aliases();
    assertThat(before.get(0).aliasName()).isEqualTo("alias/app");
    assertThat(before.subList(1, before.size()))
        .extracting(AliasListEntry::aliasName)
        .containsExactlyElementsOf(predefined());
    assertThat(before.subList(1, before.size()))
        .allSatisfy(
            entry -> {
              assertThat(entry.targetKeyId()).isNull();
              assertThat(entry.creationDate()).isNull();
              assertThat(entry.aliasArn()).isEqualTo(aliasArn(entry.aliasName()));
            });

    String s3Key = f.describe(S3).keyId();
    List<AliasListEntry> after = f.call(kms.listAliases, listAliases(null, null, null)).aliases();
    assertThat(after)
        .filteredOn(entry -> entry.aliasName().equals(S3))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.targetKeyId()).isEqualTo(s3Key);
              assertThat(entry.creationDate()).isEqualTo(f.now());
            });
    assertThat(after)
        .extracting(AliasListEntry::aliasName)
        .containsExactly(listed("alias/app", S3));
  }

  @Test
  void listAliases_pagesThroughStoredAndPredefinedAliases_eachOnce() {
    String keyId = f.createKey();
    for (int i = 0; i < 4; i++) {
      f.createAlias("alias/page-" + i, keyId);
    }
    f.describe("alias/aws/lambda");

    List<String> names = new ArrayList<>();
    String marker = null;
    do {
      ListAliasesResponse page = f.call(kms.listAliases, listAliases(null, 4, marker));
      assertThat(page.aliases()).hasSizeLessThanOrEqualTo(4);
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      page.aliases().forEach(a -> names.add(a.aliasName()));
      marker = page.nextMarker();
    } while (marker != null);

    List<String> expected = new ArrayList<>(List.of("alias/aws/lambda"));
    for (int i = 0; i < 4; i++) {
      expected.add("alias/page-" + i);
    }
    expected.sort(null);
    expected.addAll(predefined().stream().filter(n -> !n.equals("alias/aws/lambda")).toList());
    assertThat(names).containsExactlyElementsOf(expected);
  }

  @Test
  void listAliases_ofOneKey_showsNoPredefinedAlias() {
    String keyId = f.createKey();

    assertThat(f.call(kms.listAliases, listAliases(keyId, null, null)).aliases()).isEmpty();
    String s3Key = f.describe(S3).keyId();
    assertThat(f.call(kms.listAliases, listAliases(s3Key, null, null)).aliases())
        .extracting(AliasListEntry::aliasName)
        .containsExactly(S3);
  }

  // ------------------------------------------------------------------ helpers

  private KmsKey storedKey(String keyId) {
    return f.test.store().find(new KeyId(keyId)).orElseThrow();
  }

  private static List<String> predefined() {
    return AwsManagedKeys.SERVICES.stream().map(AwsManagedKeys.Service::aliasName).toList();
  }

  /** The names a full listing shows: stored aliases by name, then predefined ones without a key. */
  private static String[] listed(String... stored) {
    List<String> names = new ArrayList<>(List.of(stored));
    names.sort(null);
    predefined().stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names.toArray(String[]::new);
  }

  /** Another KMS process of the same account and region, on its own store. */
  private static TestKms onAnotherKmsOfTheSameAccount() {
    return TestKms.on(new InMemoryKeyStore(), new TestEnclave());
  }
}
