package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.aliasArn;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.createAlias;
import static dev.serverlesskms.core.operation.Requests.deleteAlias;
import static dev.serverlesskms.core.operation.Requests.listAliases;
import static dev.serverlesskms.core.operation.Requests.updateAlias;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.AliasListEntry;
import dev.serverlesskms.core.api.ListAliasesResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CreateAlias, UpdateAlias, DeleteAlias and ListAliases: AWS's alias name rules, the target key's
 * state, 50 aliases per key, paging, and their audit records.
 */
class AliasOperationsTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ CreateAlias

  @Test
  void createAlias_makesTheAliasResolveToItsKey_andListsIt() {
    String keyId = f.createKey();

    f.call(kms.createAlias, createAlias("alias/app/orders", arn(keyId)));

    assertThat(f.describe("alias/app/orders").keyId()).isEqualTo(keyId);
    AliasListEntry entry = f.call(kms.listAliases, listAliases(keyId, null, null)).aliases().get(0);
    assertThat(entry.aliasName()).isEqualTo("alias/app/orders");
    assertThat(entry.aliasArn()).isEqualTo(aliasArn("alias/app/orders"));
    assertThat(entry.aliasArn()).isEqualTo("arn:aws:kms:us-east-1:111122223333:alias/app/orders");
    assertThat(entry.targetKeyId()).isEqualTo(keyId);
    assertThat(entry.creationDate()).isEqualTo(f.now());
    assertThat(entry.lastUpdatedDate()).isEqualTo(f.now());
  }

  @Test
  void createAlias_ofATakenName_isAlreadyExists_namingTheAliasArn() {
    String keyId = f.createKey();
    f.createAlias("alias/taken", keyId);

    assertThat(
            f.error(
                KmsErrorType.ALREADY_EXISTS,
                kms.createAlias,
                createAlias("alias/taken", f.createKey())))
        .hasMessage("An alias with the name " + aliasArn("alias/taken") + " already exists");
    assertThat(f.describe("alias/taken").keyId()).isEqualTo(keyId);
  }

  @Test
  void aliasNames_areCaseSensitive() {
    String upper = f.createKey();
    String lower = f.createKey();

    f.createAlias("alias/Orders", upper);
    f.createAlias("alias/orders", lower);

    assertThat(f.describe("alias/Orders").keyId()).isEqualTo(upper);
    assertThat(f.describe("alias/orders").keyId()).isEqualTo(lower);
  }

  @Test
  void aliasNames_followAwsRules() {
    String keyId = f.createKey();
    f.createAlias("alias/" + "x".repeat(250), keyId);
    f.createAlias("alias/a:b/c_d-e", keyId);

    String prefix =
        "Alias must start with the prefix \"alias/\". Please see"
            + " https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html";
    assertThat(f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("no-prefix", keyId)))
        .hasMessage(prefix);
    assertThat(f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("alias/", keyId)))
        .hasMessage(prefix);
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.createAlias, createAlias("alias/has space", keyId)))
        .hasMessage(
            "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to"
                + " satisfy constraint: Member must satisfy regular expression pattern:"
                + " ^[a-zA-Z0-9:/_-]+$");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.createAlias,
                createAlias("alias/" + "x".repeat(251), keyId)))
        .hasMessage(
            "1 validation error detected: Value at 'aliasName' failed to satisfy constraint:"
                + " Member must have length less than or equal to 256");
    f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("", keyId));
    f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias(null, keyId));
    f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("alias/ünï", keyId));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/aws/s3", "alias/aws/anything"})
  void theAwsPrefix_isReserved_forCreateUpdateAndDelete(String aliasName) {
    String keyId = f.createKey();

    assertThat(f.error(KmsErrorType.NOT_AUTHORIZED, kms.createAlias, createAlias(aliasName, keyId)))
        .hasMessage(
            "The alias name cannot begin with alias/aws/: that prefix is reserved for AWS managed"
                + " keys.");
    f.error(KmsErrorType.NOT_AUTHORIZED, kms.updateAlias, updateAlias(aliasName, keyId));
    f.error(KmsErrorType.NOT_AUTHORIZED, kms.deleteAlias, deleteAlias(aliasName));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/other", "arn:aws:kms:us-east-1:111122223333:alias/other"})
  void createAlias_targetingAnAlias_isValidation(String target) {
    f.createAlias("alias/other", f.createKey());

    assertThat(f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("alias/x", target)))
        .hasMessage("Aliases must refer to keys. Not aliases");
  }

  @Test
  void createAlias_targetingNoKey_isNotFound_orValidation() {
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.createAlias,
        createAlias("alias/x", "11111111-2222-3333-4444-555555555555"));
    f.error(KmsErrorType.NOT_FOUND, kms.createAlias, createAlias("alias/x", "not-a-key"));
    assertThat(f.error(KmsErrorType.VALIDATION, kms.createAlias, createAlias("alias/x", null)))
        .hasMessage(
            "1 validation error detected: Value null at 'targetKeyId' failed to satisfy"
                + " constraint: Member must not be null");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void createAlias_forAKeyInEveryStateButPendingDeletion_works(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.createAlias, createAlias("alias/state", keyId));

    assertThat(f.describe("alias/state").keyId()).isEqualTo(keyId);
  }

  @Test
  void createAlias_forAKeyPendingDeletion_isInvalidState() {
    String keyId = f.keyIn(KeyState.PENDING_DELETION);

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE, kms.createAlias, createAlias("alias/doomed", keyId)))
        .hasMessage(arn(keyId) + " is pending deletion.");
    f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey("alias/doomed"));
  }

  @Test
  void aKey_takesAtMost50Aliases() {
    String keyId = f.createKey();
    for (int i = 0; i < 50; i++) {
      f.createAlias("alias/a" + i, keyId);
    }

    assertThat(
            f.error(KmsErrorType.LIMIT_EXCEEDED, kms.createAlias, createAlias("alias/a50", keyId)))
        .hasMessage("A key can have at most 50 aliases: " + arn(keyId));
    f.call(kms.createAlias, createAlias("alias/a50", f.createKey()));
  }

  @Test
  void createAlias_isAudited_withTheTargetKey() {
    String keyId = f.createKey();

    f.call(kms.createAlias, createAlias("alias/audited", keyId));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("CreateAlias");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.requestParameters())
        .containsEntry("aliasName", "alias/audited")
        .containsEntry("targetKeyId", keyId);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));

    f.error(KmsErrorType.ALREADY_EXISTS, kms.createAlias, createAlias("alias/audited", keyId));
    assertThat(f.lastAudit().errorCode()).isEqualTo("AlreadyExistsException");
  }

  // ------------------------------------------------------------------ UpdateAlias

  @Test
  void updateAlias_pointsTheAliasAtAnotherKey_keepingItsCreationDate() {
    String first = f.createKey();
    String second = f.createKey();
    f.createAlias("alias/app/orders", first);
    Instant created = f.now();
    f.advance(Duration.ofHours(1));

    f.call(kms.updateAlias, updateAlias("alias/app/orders", second));

    assertThat(
            f.call(kms.encrypt, Requests.encrypt("alias/app/orders", KmsFixture.utf8("x"))).keyId())
        .isEqualTo(arn(second));
    AliasListEntry entry =
        f.call(kms.listAliases, listAliases(second, null, null)).aliases().get(0);
    assertThat(entry.creationDate()).isEqualTo(created);
    assertThat(entry.lastUpdatedDate()).isEqualTo(f.now()).isAfter(created);
    assertThat(f.call(kms.listAliases, listAliases(first, null, null)).aliases()).isEmpty();
  }

  @Test
  void updateAlias_ofAnUnknownAlias_isNotFound() {
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND, kms.updateAlias, updateAlias("alias/never", f.createKey())))
        .hasMessage("Alias " + aliasArn("alias/never") + " is not found.");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void updateAlias_toAKeyInEveryStateButPendingDeletion_works(KeyState state) {
    f.createAlias("alias/moving", f.createKey());
    String destination = f.keyIn(state);

    f.call(kms.updateAlias, updateAlias("alias/moving", destination));

    assertThat(f.describe("alias/moving").keyId()).isEqualTo(destination);
  }

  @Test
  void updateAlias_toAKeyPendingDeletion_isInvalidState_butFromOneIsFine() {
    String current = f.createKey();
    f.createAlias("alias/moving", current);
    String doomed = f.keyIn(KeyState.PENDING_DELETION);

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE, kms.updateAlias, updateAlias("alias/moving", doomed)))
        .hasMessage(arn(doomed) + " is pending deletion.");

    f.scheduleDeletion(current);
    String rescue = f.createKey();
    f.call(kms.updateAlias, updateAlias("alias/moving", rescue));
    assertThat(f.describe("alias/moving").keyId()).isEqualTo(rescue);
  }

  @Test
  void updateAlias_toAKeyOfAnotherSpecOrUsage_isValidation() {
    f.createAlias("alias/symmetric", f.createKey());
    String hmac =
        f.seedKey(key -> key.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));

    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.updateAlias, updateAlias("alias/symmetric", hmac)))
        .hasMessage(
            "An alias can only point to a key of the same key spec and key usage as its current"
                + " key.");
  }

  @Test
  void updateAlias_checksNameAndTarget_likeCreateAlias() {
    String keyId = f.createKey();
    f.createAlias("alias/moving", keyId);

    f.error(KmsErrorType.VALIDATION, kms.updateAlias, updateAlias("moving", keyId));
    f.error(KmsErrorType.VALIDATION, kms.updateAlias, updateAlias("alias/moving", "alias/moving"));
    f.error(KmsErrorType.VALIDATION, kms.updateAlias, updateAlias("alias/moving", null));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.updateAlias,
        updateAlias("alias/moving", "11111111-2222-3333-4444-555555555555"));
  }

  @Test
  void updateAlias_isAudited_withTheNewTarget() {
    f.createAlias("alias/moving", f.createKey());
    String destination = f.createKey();

    f.call(kms.updateAlias, updateAlias("alias/moving", destination));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("UpdateAlias");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.requestParameters()).containsEntry("targetKeyId", destination);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).contains(arn(destination));
  }

  // ------------------------------------------------------------------ DeleteAlias

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"UNAVAILABLE", "PENDING_REPLICA_DELETION"},
      mode = EnumSource.Mode.EXCLUDE)
  void deleteAlias_deletesTheAliasButNotTheKey_inEveryKeyState(KeyState state) {
    // PendingReplicaDeletion is a multi-Region primary's state; DeleteAlias is in KeyStateRule.ANY.
    String keyId = f.createKey();
    f.createAlias("alias/gone", keyId);
    if (state == KeyState.PENDING_IMPORT) {
      keyId = f.keyIn(state);
      f.call(kms.updateAlias, updateAlias("alias/gone", keyId));
    } else if (state == KeyState.DISABLED) {
      f.disable(keyId);
    } else if (state == KeyState.PENDING_DELETION) {
      f.scheduleDeletion(keyId);
    }

    f.call(kms.deleteAlias, deleteAlias("alias/gone"));

    f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey("alias/gone"));
    assertThat(f.state(keyId)).isEqualTo(state);
  }

  @Test
  void deleteAlias_ofAnUnknownAlias_isNotFound_andNamesAreChecked() {
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.deleteAlias, deleteAlias("alias/never")))
        .hasMessage("Alias " + aliasArn("alias/never") + " is not found.");
    f.error(KmsErrorType.VALIDATION, kms.deleteAlias, deleteAlias("never"));
    f.error(KmsErrorType.VALIDATION, kms.deleteAlias, deleteAlias(null));
  }

  @Test
  void deleteAlias_isAudited_withTheKeyItPointedAt() {
    String keyId = f.createKey();
    f.createAlias("alias/gone", keyId);

    f.call(kms.deleteAlias, deleteAlias("alias/gone"));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("DeleteAlias");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.requestParameters()).containsEntry("aliasName", "alias/gone");
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }

  // ------------------------------------------------------------------ ListAliases

  @Test
  void listAliases_listsAllAliasesByName_orThoseOfOneKey_byIdOrArn() {
    String a = f.createKey();
    String b = f.createKey();
    f.createAlias("alias/b-1", b);
    f.createAlias("alias/a-1", a);
    f.createAlias("alias/a-2", a);

    // every alias by name, then the predefined alias/aws/ ones (AwsManagedKeysTest)
    assertThat(f.call(kms.listAliases, listAliases(null, null, null)).aliases())
        .filteredOn(entry -> entry.targetKeyId() != null)
        .extracting(AliasListEntry::aliasName)
        .containsExactly("alias/a-1", "alias/a-2", "alias/b-1");
    assertThat(f.call(kms.listAliases, listAliases(arn(a), null, null)).aliases())
        .extracting(AliasListEntry::aliasName)
        .containsExactly("alias/a-1", "alias/a-2");
    ListAliasesResponse ofB = f.call(kms.listAliases, listAliases(b, null, null));
    assertThat(ofB.aliases()).extracting(AliasListEntry::targetKeyId).containsExactly(b);
    assertThat(ofB.truncated()).isFalse();
    assertThat(ofB.nextMarker()).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = KeyState.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
  void listAliases_ofAKey_worksInEveryKeyState(KeyState state) {
    String keyId = f.keyIn(state);

    assertThat(f.call(kms.listAliases, listAliases(keyId, null, null)).aliases()).isEmpty();
    assertThat(f.lastAudit().resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));
  }

  @Test
  void listAliases_ofAKeyNamedByAnAlias_orOfNoKey_isNotFound() {
    f.createAlias("alias/a", f.createKey());

    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.listAliases, listAliases("alias/a", null, null)))
        .hasMessage("Invalid keyId 'alias/a'");
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.listAliases,
        listAliases("11111111-2222-3333-4444-555555555555", null, null));
  }

  @Test
  void listAliases_pagesWithLimitAndMarker_inNameOrder() {
    String keyId = f.createKey();
    for (int i = 4; i >= 0; i--) {
      f.createAlias("alias/page-" + i, keyId);
    }
    List<String> names = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      ListAliasesResponse page = f.call(kms.listAliases, listAliases(arn(keyId), 2, marker));
      page.aliases().forEach(a -> names.add(a.aliasName()));
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      marker = page.nextMarker();
      pages++;
    } while (marker != null);

    assertThat(names)
        .containsExactly(
            "alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void listAliases_returns50ByDefault_andUpTo1000() {
    String first = f.createKey();
    String second = f.createKey();
    for (int i = 0; i < 60; i++) {
      f.createAlias(String.format("alias/n%02d", i), i < 50 ? first : second);
    }

    ListAliasesResponse page = f.call(kms.listAliases, listAliases(null, null, null));
    assertThat(page.aliases()).hasSize(50);
    assertThat(page.truncated()).isTrue();
    // the 60, then the predefined alias/aws/ aliases without a key
    assertThat(f.call(kms.listAliases, listAliases(null, 1000, null)).aliases())
        .filteredOn(entry -> entry.targetKeyId() != null)
        .hasSize(60);
  }

  @Test
  void listAliases_limitAndMarker_areValidated() {
    String a = f.createKey();
    String b = f.createKey();
    f.createAlias("alias/a-1", a);
    f.createAlias("alias/a-2", a);
    String markerOfA = f.call(kms.listAliases, listAliases(a, 1, null)).nextMarker();

    f.error(KmsErrorType.VALIDATION, kms.listAliases, listAliases(null, 0, null));
    f.error(KmsErrorType.VALIDATION, kms.listAliases, listAliases(null, 1001, null));
    f.error(KmsErrorType.VALIDATION, kms.listAliases, listAliases(null, null, ""));
    assertThat(
            f.error(KmsErrorType.INVALID_MARKER, kms.listAliases, listAliases(null, null, "junk")))
        .hasMessage("The marker is not valid.");
    f.error(KmsErrorType.INVALID_MARKER, kms.listAliases, listAliases(b, null, markerOfA));
    f.error(KmsErrorType.INVALID_MARKER, kms.listAliases, listAliases(null, null, markerOfA));
  }

  @Test
  void listAliases_isAuditedAsReadOnly() {
    f.call(kms.listAliases, listAliases(null, 10, null));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("ListAliases");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("limit", 10);
    assertThat(event.resources()).isEmpty();
  }
}
