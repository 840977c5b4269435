package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.aliasArn;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.describeKey;
import static dev.serverlesskms.core.operation.Requests.listKeys;
import static dev.serverlesskms.core.operation.Requests.tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyResponse;
import dev.serverlesskms.core.api.DescribeKeyRequest;
import dev.serverlesskms.core.api.KeyListEntry;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.ListKeysResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CreateKey, DescribeKey and ListKeys: AWS's KeyMetadata, their limits and their errors. */
class CreateDescribeListKeysTest {
  private static final String ACCOUNT = TestKms.LOCATION.accountId();

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ CreateKey

  @Test
  void createKey_withDefaults_returnsAwsFullKeyMetadataOfAnEnabledSymmetricKey() {
    KeyMetadata m = f.call(kms.createKey, createKey().build()).keyMetadata();

    assertThat(m.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(m.arn()).isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + m.keyId());
    assertThat(m.awsAccountId()).isEqualTo(ACCOUNT);
    assertThat(m.creationDate()).isEqualTo(f.now());
    assertThat(m.enabled()).isTrue();
    assertThat(m.description()).isEmpty();
    assertThat(m.keyUsage()).isEqualTo(KeyUsage.ENCRYPT_DECRYPT);
    assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(m.origin()).isEqualTo(Origin.AWS_KMS);
    assertThat(m.keyManager()).isEqualTo("CUSTOMER");
    // AWS still returns the deprecated CustomerMasterKeySpec beside KeySpec.
    assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(m.customerMasterKeySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(m.encryptionAlgorithms()).containsExactly(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    // A symmetric key has no other algorithms; AWS leaves those lists out.
    assertThat(m.signingAlgorithms()).isNull();
    assertThat(m.keyAgreementAlgorithms()).isNull();
    assertThat(m.macAlgorithms()).isNull();
    assertThat(m.multiRegion()).isFalse();
    assertThat(m.deletionDate()).isNull();
    assertThat(m.pendingDeletionWindowInDays()).isNull();
    assertThat(m.validTo()).isNull();
    assertThat(m.expirationModel()).isNull();
    assertThat(m.currentKeyMaterialId()).matches("[0-9a-f]{64}");
    assertThat(f.describe(m.keyId())).isEqualTo(m);
  }

  @Test
  void createKey_keepsDescriptionAndTags_inTheirOrder() {
    String keyId =
        f.createKey(
            createKey()
                .description("orders")
                .tags(List.of(tag("team", "payments"), tag("cost-center", ""))));

    assertThat(f.describe(keyId).description()).isEqualTo("orders");
    assertThat(f.call(kms.listResourceTags, Requests.listResourceTags(keyId, null, null)).tags())
        .containsExactly(tag("team", "payments"), tag("cost-center", ""));
  }

  @Test
  void createKey_withoutPolicy_attachesAwsDefaultKeyPolicy_byteForByte() {
    String keyId = f.createKey();

    assertThat(f.test.store().find(new KeyId(keyId)).orElseThrow().policy())
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM"
                + " User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT
                + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");
  }

  @Test
  void createKey_withPolicy_keepsItAsSent_andItsShapeIs1To131072Characters() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    String keyId = f.createKey(createKey().policy(policy));
    assertThat(f.test.store().find(new KeyId(keyId)).orElseThrow().policy()).isEqualTo(policy);

    assertThat(f.error(KmsErrorType.VALIDATION, kms.createKey, createKey().policy("").build()))
        .hasMessage(
            "1 validation error detected: Value '' at 'policy' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
    f.error(KmsErrorType.VALIDATION, kms.createKey, createKey().policy("p".repeat(131073)).build());
    // 131072 characters pass the shape; past 32 KiB the key policy quota refuses them
    f.error(
        KmsErrorType.LIMIT_EXCEEDED, kms.createKey, createKey().policy("p".repeat(131072)).build());
  }

  @Test
  void createKey_description_isAtMost8192Characters() {
    f.createKey(createKey().description("d".repeat(8192)));
    f.createKey(createKey().description(""));

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createKey,
                createKey().description("d".repeat(8193)).build()))
        .hasMessage(
            "1 validation error detected: Value at 'description' failed to satisfy constraint:"
                + " Member must have length less than or equal to 8192");
  }

  @Test
  void createKey_withExternalOrigin_waitsForImport_withoutMaterial() {
    KeyMetadata m =
        f.call(kms.createKey, createKey().origin(Origin.EXTERNAL).build()).keyMetadata();

    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(m.enabled()).isFalse();
    assertThat(m.origin()).isEqualTo(Origin.EXTERNAL);
    assertThat(m.currentKeyMaterialId()).isNull();
    assertThat(m.expirationModel()).isNull();
  }

  @Test
  void createKey_acceptsSymmetricDefaultNamedExplicitly_inEitherSpecMember() {
    assertThat(
            f.describe(
                    f.createKey(
                        createKey()
                            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                            .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                            .origin(Origin.AWS_KMS)
                            .multiRegion(false)))
                .keySpec())
        .isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(
            f.describe(f.createKey(createKey().customerMasterKeySpec(KeySpec.SYMMETRIC_DEFAULT)))
                .keySpec())
        .isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
  }

  @Test
  void createKey_refusesWhatThisKmsDoesNotOffer_withAwsErrors() {
    // SM2 is AWS's China Regions spec (the other specs: CreateKeySpecsTest).
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.createKey,
                createKey().keySpec(KeySpec.SM2).keyUsage(KeyUsage.SIGN_VERIFY).build()))
        .hasMessage("KeySpec SM2 is not supported in this Region");
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.createKey,
        createKey().customerMasterKeySpec(KeySpec.SM2).keyUsage(KeyUsage.SIGN_VERIFY).build());
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createKey,
                createKey().keyUsage(KeyUsage.SIGN_VERIFY).build()))
        .hasMessage("KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createKey,
                createKey()
                    .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .customerMasterKeySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .build()))
        .hasMessage("You cannot specify KeySpec and CustomerMasterKeySpec in the same request.");
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.createKey,
                createKey().multiRegion(true).customKeyStoreId("cks-1234567890abcdef0").build()))
        .hasMessage("Multi-Region keys cannot be created in a custom key store.");
    assertThat(
            f.error(
                KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
                kms.createKey,
                createKey()
                    .origin(Origin.AWS_CLOUDHSM)
                    .customKeyStoreId("cks-1234567890abcdef0")
                    .build()))
        .hasMessage("Custom key store cks-1234567890abcdef0 does not exist.");
  }

  @ParameterizedTest
  @EnumSource(
      value = Origin.class,
      names = {"EXTERNAL_KEY_STORE"})
  void createKey_withAnOriginOfCustomKeyStores_isUnsupported(Origin origin) {
    // AWS_CLOUDHSM is offered: CustomKeyStoreKeysTest
    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.createKey,
                createKey().origin(origin).build()))
        .hasMessage("Origin " + origin + " is not supported by this KMS.");
  }

  @Test
  void createKey_tagRules_areAwsTagRules() {
    assertThat(
            f.error(
                KmsErrorType.TAG,
                kms.createKey,
                createKey().tags(List.of(tag("aws:reserved", "x"))).build()))
        .hasMessage("Tags beginning with aws: are reserved");
    assertThat(
            f.error(
                KmsErrorType.TAG,
                kms.createKey,
                createKey().tags(List.of(tag("ok", "x"), tag("AWS:Reserved", "x"))).build()))
        .hasMessage("Tags beginning with aws: are reserved");
    assertThat(
            f.error(
                KmsErrorType.TAG,
                kms.createKey,
                createKey().tags(List.of(tag("a", "1"), tag("a", "2"))).build()))
        .hasMessage("Duplicate tag keys");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createKey,
                createKey().tags(List.of(tag("k".repeat(129), "v"))).build()))
        .hasMessage(
            "1 validation error detected: Value at 'tags.1.member.tagKey' failed to satisfy"
                + " constraint: Member must have length less than or equal to 128");
    f.error(
        KmsErrorType.VALIDATION,
        kms.createKey,
        createKey().tags(List.of(tag("ok", "v"), tag("k", "v".repeat(257)))).build());
    f.error(
        KmsErrorType.VALIDATION, kms.createKey, createKey().tags(List.of(tag("", "v"))).build());
    f.error(
        KmsErrorType.VALIDATION, kms.createKey, createKey().tags(List.of(tag(null, "v"))).build());
    f.error(
        KmsErrorType.VALIDATION, kms.createKey, createKey().tags(List.of(tag("k", null))).build());
  }

  @Test
  void createKey_takesAtMost50Tags() {
    f.createKey(createKey().tags(tags(50)));

    assertThat(f.error(KmsErrorType.TAG, kms.createKey, createKey().tags(tags(51)).build()))
        .hasMessage("Too many tags");
  }

  @Test
  void createKey_withANullTag_isValidationException_andAudited() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.createKey,
        createKey().tags(Collections.singletonList((Tag) null)).build());
    assertThat(f.lastAudit().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void createKey_refused_createsNothing() {
    f.error(KmsErrorType.TAG, kms.createKey, createKey().tags(tags(51)).build());
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        kms.createKey,
        createKey().multiRegion(true).customKeyStoreId("cks-1234567890abcdef0").build());

    assertThat(f.call(kms.listKeys, listKeys(null, null)).keys()).isEmpty();
  }

  @Test
  void createKey_isAudited_withTheNewKeysMetadata() {
    CreateKeyResponse created =
        f.call(
            kms.createKey, createKey().description("audited").tags(List.of(tag("t", "v"))).build());
    String arn = created.keyMetadata().arn();

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("CreateKey");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.errorCode()).isNull();
    assertThat(event.eventTime()).isEqualTo(f.now());
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn);
    assertThat(event.requestParameters())
        .containsEntry("description", "audited")
        .containsEntry("tags", List.of(Map.of("tagKey", "t", "tagValue", "v")));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        (Map<String, Object>) event.responseElements().get("keyMetadata");
    assertThat(metadata)
        .containsEntry("keyId", created.keyMetadata().keyId())
        .containsEntry("arn", arn)
        .containsEntry("keyState", "Enabled")
        .containsEntry("origin", "AWS_KMS");
    assertThat(event.userIdentity().type()).isEqualTo("Root");
    assertThat(event.userIdentity().accountId()).isEqualTo(ACCOUNT);
    assertThat(event.eventType()).isEqualTo("AwsApiCall");
    assertThat(event.recipientAccountId()).isEqualTo(ACCOUNT);
  }

  @Test
  void createKey_refusal_isAudited_withTheErrorAndNoResponse() {
    f.error(KmsErrorType.TAG, kms.createKey, createKey().tags(tags(51)).build());

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("CreateKey");
    assertThat(event.errorCode()).isEqualTo("TagException");
    assertThat(event.errorMessage()).isEqualTo("Too many tags");
    assertThat(event.responseElements()).isNull();
    assertThat(event.resources()).isEmpty();
  }

  // ------------------------------------------------------------------ DescribeKey

  @Test
  void describeKey_acceptsKeyIdKeyArnAliasNameAndAliasArn() {
    String keyId = f.createKey(createKey().description("describe me"));
    f.createAlias("alias/describe-me", keyId);
    KeyMetadata expected = f.describe(keyId);

    for (String id : List.of(arn(keyId), "alias/describe-me", aliasArn("alias/describe-me"))) {
      assertThat(f.describe(id)).as(id).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"UNAVAILABLE", "PENDING_REPLICA_DELETION"},
      mode = EnumSource.Mode.EXCLUDE)
  void describeKey_succeedsInEveryKeyState(KeyState state) {
    // PendingReplicaDeletion is a multi-Region primary's: MultiRegionKeysTest describes it.
    String keyId = f.keyIn(state);

    KeyMetadata m = f.describe(keyId);

    assertThat(m.keyState()).isEqualTo(state);
    assertThat(m.enabled()).isEqualTo(state == KeyState.ENABLED);
    boolean pendingDeletion = state == KeyState.PENDING_DELETION;
    assertThat(m.deletionDate())
        .isEqualTo(pendingDeletion ? f.now().plus(Duration.ofDays(30)) : null);
    assertThat(m.pendingDeletionWindowInDays()).isEqualTo(pendingDeletion ? 30 : null);
    assertThat(f.lastAudit().errorCode()).isNull();
  }

  @Test
  void describeKey_ofUnknownOrMalformedKeys_isNotFound_withAwsMessages() {
    String unknown = "11111111-2222-3333-4444-555555555555";
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(unknown)))
        .hasMessage(
            "Key 'arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + unknown + "' does not exist");
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey("fake-key-id")))
        .hasMessage("Invalid keyId 'fake-key-id'");
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey("alias/nope")))
        .hasMessage("Alias arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/nope is not found.");
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND,
                kms.describeKey,
                describeKey("arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/" + unknown)))
        .hasMessage("Invalid arn eu-west-1");
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND,
                kms.describeKey,
                describeKey("arn:aws-cn:kms:us-east-1:" + ACCOUNT + ":key/" + unknown)))
        .hasMessage("Invalid arn us-east-1");
    String foreign = "arn:aws:kms:us-east-1:444455556666:key/" + unknown;
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(foreign)))
        .hasMessage("Key '" + foreign + "' does not exist");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:kms:us-east-1:111122223333",
        "arn:aws:s3:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555",
        "arn:aws:kms:us-east-1:111122223333:",
        "arn:aws:kms:us-east-1:111122223333:user/admin",
        "arn:aws:kms:us-east-1:111122223333:key/not-a-uuid",
        "11111111-2222-3333-4444-55555555555G"
      })
  void describeKey_ofAnIdentifierThatNamesNoKey_isNotFound_invalidKeyId(String keyId) {
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey(keyId)))
        .hasMessage("Invalid keyId '" + keyId + "'");
  }

  @Test
  void describeKey_keyId_isRequired_1To2048Characters() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.describeKey, describeKey(null)))
        .hasMessage(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint:"
                + " Member must not be null");
    f.error(KmsErrorType.VALIDATION, kms.describeKey, describeKey(""));
    assertThat(f.error(KmsErrorType.VALIDATION, kms.describeKey, describeKey("k".repeat(2049))))
        .hasMessage(
            "1 validation error detected: Value at 'keyId' failed to satisfy constraint: Member"
                + " must have length less than or equal to 2048");
  }

  @Test
  void describeKey_grantTokens_atMost10_each1To8192Characters() {
    String keyId = f.createKey();
    f.call(kms.describeKey, new DescribeKeyRequest(keyId, Collections.nCopies(10, "t")));

    f.error(
        KmsErrorType.VALIDATION,
        kms.describeKey,
        new DescribeKeyRequest(keyId, Collections.nCopies(11, "t")));
    f.error(KmsErrorType.VALIDATION, kms.describeKey, new DescribeKeyRequest(keyId, List.of("")));
    f.error(
        KmsErrorType.VALIDATION,
        kms.describeKey,
        new DescribeKeyRequest(keyId, List.of("t".repeat(8193))));
    f.error(
        KmsErrorType.VALIDATION,
        kms.describeKey,
        new DescribeKeyRequest(keyId, Arrays.asList("t", null)));
  }

  @Test
  void describeKey_isAuditedAsReadOnly_withTheKeyAsResource() {
    String keyId = f.createKey();
    f.createAlias("alias/audited", keyId);

    f.describe("alias/audited");

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("DescribeKey");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("keyId", "alias/audited");
    assertThat(event.responseElements()).isNull();
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
    assertThat(event.resources())
        .extracting(AuditEvent.Resource::type)
        .containsExactly("AWS::KMS::Key");

    f.error(KmsErrorType.NOT_FOUND, kms.describeKey, describeKey("alias/missing"));
    assertThat(f.lastAudit().errorCode()).isEqualTo("NotFoundException");
    assertThat(f.lastAudit().errorMessage())
        .isEqualTo("Alias " + aliasArn("alias/missing") + " is not found.");
  }

  // ------------------------------------------------------------------ ListKeys

  @Test
  void listKeys_pagesThroughEveryKeyExactlyOnce_inEveryKeyState() {
    Set<String> created = new HashSet<>();
    for (KeyState state : KeyState.stored()) {
      created.add(f.keyIn(state));
      created.add(f.keyIn(state));
    }
    List<String> listed = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      ListKeysResponse page = f.call(kms.listKeys, listKeys(3, marker));
      assertThat(page.keys()).hasSizeLessThanOrEqualTo(3);
      for (KeyListEntry entry : page.keys()) {
        assertThat(entry.keyArn()).isEqualTo(arn(entry.keyId()));
        listed.add(entry.keyId());
      }
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      marker = page.nextMarker();
      pages++;
    } while (marker != null);

    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(pages).isEqualTo((created.size() + 2) / 3);
  }

  @Test
  void listKeys_returns100KeysByDefault_andUpTo1000() {
    for (int i = 0; i < 101; i++) {
      f.createKey();
    }

    ListKeysResponse first = f.call(kms.listKeys, listKeys(null, null));
    assertThat(first.keys()).hasSize(100);
    assertThat(first.truncated()).isTrue();
    ListKeysResponse all = f.call(kms.listKeys, listKeys(1000, null));
    assertThat(all.keys()).hasSize(101);
    assertThat(all.truncated()).isFalse();
    assertThat(all.nextMarker()).isNull();
  }

  @Test
  void listKeys_limitAndMarker_areValidated() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.listKeys, listKeys(0, null)))
        .hasMessage(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.listKeys, listKeys(1001, null)))
        .hasMessage(
            "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint:"
                + " Member must have value less than or equal to 1000");
    f.error(KmsErrorType.VALIDATION, kms.listKeys, listKeys(null, ""));
    f.error(KmsErrorType.VALIDATION, kms.listKeys, listKeys(null, "m".repeat(1025)));
    assertThat(f.error(KmsErrorType.INVALID_MARKER, kms.listKeys, listKeys(null, "not-a-marker")))
        .hasMessage("The marker is not valid.");
  }

  @Test
  void listKeys_isAuditedAsReadOnly_withoutResources() {
    f.createKey();

    f.call(kms.listKeys, listKeys(5, null));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("ListKeys");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("limit", 5);
    assertThat(event.resources()).isEmpty();
  }

  private static List<Tag> tags(int count) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tags.add(tag("k" + i, "v" + i));
    }
    return tags;
  }
}
