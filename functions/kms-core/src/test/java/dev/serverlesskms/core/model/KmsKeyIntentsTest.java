package dev.serverlesskms.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every intent of {@link KmsKey} in every key state: AWS's key-state table, one row per intent.
 * Each key is what a key in that state really looks like: a key pending import is an EXTERNAL key
 * without material, so intents that refuse its origin answer that first.
 */
class KmsKeyIntentsTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final String MATERIAL_ID = "ab".repeat(32);
  private static final String ORIGIN_EXTERNAL =
      " origin is EXTERNAL which is not valid for this operation.";
  private static final String ORIGIN_AWS_KMS =
      " origin is AWS_KMS which is not valid for this operation.";

  /** What an intent does to a key in one state. */
  sealed interface Outcome permits Changes, Unchanged, Refused {}

  /** A changed key (never the same instance), as {@code check} expects. */
  record Changes(Consumer<KmsKey> check) implements Outcome {}

  /** The same instance: nothing to write. */
  record Unchanged() implements Outcome {}

  /** A KmsException of {@code type} whose message is the key's ARN then {@code suffix}. */
  record Refused(KmsErrorType type, String suffix) implements Outcome {}

  /**
   * One intent: the origin its keys have, how its keys are prepared beyond their state, the intent
   * itself, and its row of the table.
   */
  record Intent(
      String name,
      Origin origin,
      UnaryOperator<KmsKey.Builder> prepare,
      UnaryOperator<KmsKey> apply,
      Map<KeyState, Outcome> row) {}

  static final Outcome UNCHANGED = new Unchanged();
  static final Outcome DISABLED =
      new Refused(KmsErrorType.DISABLED, " is disabled."); // DisabledException
  static final Outcome PENDING_DELETION =
      new Refused(KmsErrorType.INVALID_STATE, " is pending deletion.");
  static final Outcome PENDING_IMPORT =
      new Refused(KmsErrorType.INVALID_STATE, " is pending import.");
  static final Outcome NOT_PENDING_DELETION =
      new Refused(KmsErrorType.INVALID_STATE, " is not pending deletion.");
  static final Outcome ONLY_AWS_KMS_ORIGIN =
      new Refused(KmsErrorType.UNSUPPORTED_OPERATION, ORIGIN_EXTERNAL);

  static Outcome changes(Consumer<KmsKey> check) {
    return new Changes(check);
  }

  static Outcome state(KeyState expected) {
    return changes(k -> assertThat(k.state()).isEqualTo(expected));
  }

  static List<Intent> intents() {
    Consumer<KmsKey> described = k -> assertThat(k.description()).isEqualTo("new");
    Consumer<KmsKey> tagged = k -> assertThat(k.tags()).contains(new Tag("team", "payments"));
    Consumer<KmsKey> untagged = k -> assertThat(k.tags()).isEmpty();
    Consumer<KmsKey> scheduled =
        k -> {
          assertThat(k.state()).isEqualTo(KeyState.PENDING_DELETION);
          assertThat(k.deletionDate()).isEqualTo(NOW.plus(Duration.ofDays(7)));
          assertThat(k.pendingWindowInDays()).isEqualTo(7);
        };
    Consumer<KmsKey> rotationOn =
        k -> {
          assertThat(k.rotation().enabled()).isTrue();
          assertThat(k.rotation().periodInDays()).isEqualTo(90);
          assertThat(k.rotation().nextRotationDate()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        };
    Consumer<KmsKey> rotationOff =
        k -> {
          assertThat(k.rotation().enabled()).isFalse();
          assertThat(k.rotation().periodInDays()).as("period kept").isEqualTo(180);
          assertThat(k.rotation().nextRotationDate()).isNull();
        };
    Consumer<KmsKey> rotatedOnDemand =
        k -> {
          assertThat(k.versions()).hasSize(2);
          assertThat(k.primaryVersion().rotationType()).isEqualTo(RotationType.ON_DEMAND);
          assertThat(k.primaryVersion().createdAt()).isEqualTo(NOW);
          assertThat(k.rotation().onDemandRotations()).isEqualTo(1);
          assertThat(k.rotation().onDemandRotationStartDate()).isEqualTo(NOW);
        };
    Consumer<KmsKey> rotatedAutomatically =
        k -> {
          assertThat(k.versions()).hasSize(2);
          assertThat(k.primaryVersion().rotationType()).isEqualTo(RotationType.AUTOMATIC);
          assertThat(k.rotation().nextRotationDate()).isEqualTo(NOW.plus(Duration.ofDays(180)));
        };
    Consumer<KmsKey> reimported =
        k -> {
          assertThat(k.versions()).hasSize(1);
          assertThat(k.importedMaterial().expirationModel())
              .isEqualTo(ExpirationModel.KEY_MATERIAL_EXPIRES);
          assertThat(k.importedMaterial().validTo()).isEqualTo(NOW.plus(Duration.ofDays(10)));
        };
    Consumer<KmsKey> materialGone =
        k -> {
          assertThat(k.versions()).isEmpty();
          assertThat(k.importedMaterial().materialId())
              .as("kept for re-import")
              .isEqualTo(MATERIAL_ID);
          assertThat(k.importedMaterial().validTo()).isNull();
        };

    Consumer<KmsKey> replaced = k -> assertThat(k.policy()).isEqualTo("{\"new\":true}");

    UnaryOperator<KmsKey.Builder> plain = b -> b;
    UnaryOperator<KmsKey.Builder> tagged1 = b -> b.tags(List.of(new Tag("team", "payments")));
    UnaryOperator<KmsKey.Builder> rotating =
        b -> b.rotation(new RotationSchedule(true, 180, NOW, null, 0));
    UnaryOperator<KmsKey.Builder> expiring =
        b ->
            b.importedMaterial(
                new ImportedMaterial(MATERIAL_ID, ExpirationModel.KEY_MATERIAL_EXPIRES, NOW));

    return List.of(
        new Intent(
            "enable",
            Origin.AWS_KMS,
            plain,
            KmsKey::enable,
            row(UNCHANGED, state(KeyState.ENABLED), PENDING_DELETION, PENDING_IMPORT)),
        new Intent(
            "disable",
            Origin.AWS_KMS,
            plain,
            KmsKey::disable,
            row(state(KeyState.DISABLED), UNCHANGED, PENDING_DELETION, PENDING_IMPORT)),
        new Intent(
            "updateDescription",
            Origin.AWS_KMS,
            plain,
            k -> k.updateDescription("new"),
            row(changes(described), changes(described), PENDING_DELETION, changes(described))),
        new Intent(
            "tag",
            Origin.AWS_KMS,
            plain,
            k -> k.tag(List.of(new Tag("team", "payments"))),
            row(changes(tagged), changes(tagged), PENDING_DELETION, changes(tagged))),
        new Intent(
            "untag",
            Origin.AWS_KMS,
            tagged1,
            k -> k.untag(List.of("team", "unknown")),
            row(changes(untagged), changes(untagged), PENDING_DELETION, changes(untagged))),
        new Intent(
            "scheduleDeletion",
            Origin.AWS_KMS,
            plain,
            k -> k.scheduleDeletion(NOW, 7),
            row(changes(scheduled), changes(scheduled), PENDING_DELETION, changes(scheduled))),
        new Intent(
            "cancelDeletion",
            Origin.AWS_KMS,
            plain,
            KmsKey::cancelDeletion,
            row(
                NOT_PENDING_DELETION,
                NOT_PENDING_DELETION,
                changes(
                    k -> {
                      assertThat(k.state()).isEqualTo(KeyState.DISABLED);
                      assertThat(k.deletionDate()).isNull();
                      assertThat(k.pendingWindowInDays()).isNull();
                    }),
                NOT_PENDING_DELETION)),
        new Intent(
            "enableRotation",
            Origin.AWS_KMS,
            plain,
            k -> k.enableRotation(90, NOW),
            row(changes(rotationOn), DISABLED, PENDING_DELETION, ONLY_AWS_KMS_ORIGIN)),
        new Intent(
            "disableRotation",
            Origin.AWS_KMS,
            rotating,
            KmsKey::disableRotation,
            row(changes(rotationOff), DISABLED, PENDING_DELETION, ONLY_AWS_KMS_ORIGIN)),
        new Intent(
            "rotateOnDemand",
            Origin.AWS_KMS,
            plain,
            k -> k.rotateOnDemand(NOW, KmsKeyIntentsTest::newMaterial),
            row(changes(rotatedOnDemand), DISABLED, PENDING_DELETION, ONLY_AWS_KMS_ORIGIN)),
        new Intent(
            "rotateIfDue",
            Origin.AWS_KMS,
            rotating,
            k -> k.rotateIfDue(NOW, KmsKeyIntentsTest::newMaterial),
            row(changes(rotatedAutomatically), UNCHANGED, UNCHANGED, UNCHANGED)),
        new Intent(
            "importMaterial",
            Origin.EXTERNAL,
            plain,
            k ->
                k.importMaterial(
                    NOW,
                    ExpirationModel.KEY_MATERIAL_EXPIRES,
                    NOW.plus(Duration.ofDays(10)),
                    KmsKeyIntentsTest::importedMaterial),
            row(
                changes(reimported),
                changes(reimported),
                PENDING_DELETION,
                changes(
                    k -> {
                      assertThat(k.state()).isEqualTo(KeyState.ENABLED);
                      assertThat(k.versions()).hasSize(1);
                      assertThat(k.primaryVersion().materialId()).isEqualTo(MATERIAL_ID);
                      assertThat(k.primaryVersion().rotationType()).isNull();
                      assertThat(k.importedMaterial().materialId()).isEqualTo(MATERIAL_ID);
                    }))),
        new Intent(
            "deleteImportedMaterial",
            Origin.EXTERNAL,
            plain,
            k -> k.deleteImportedMaterial(null),
            row(
                changes(
                    materialGone.andThen(
                        k -> assertThat(k.state()).isEqualTo(KeyState.PENDING_IMPORT))),
                changes(
                    materialGone.andThen(
                        k -> assertThat(k.state()).isEqualTo(KeyState.PENDING_IMPORT))),
                PENDING_DELETION,
                UNCHANGED)),
        new Intent(
            "replacePolicy",
            Origin.AWS_KMS,
            plain,
            k -> k.replacePolicy("{\"new\":true}"),
            row(changes(replaced), changes(replaced), changes(replaced), changes(replaced))),
        new Intent(
            "expireImportedMaterial",
            Origin.EXTERNAL,
            expiring,
            k -> k.expireImportedMaterial(NOW),
            row(
                changes(
                    materialGone.andThen(
                        k -> assertThat(k.state()).isEqualTo(KeyState.PENDING_IMPORT))),
                changes(
                    materialGone.andThen(
                        k -> assertThat(k.state()).isEqualTo(KeyState.PENDING_IMPORT))),
                changes(
                    materialGone.andThen(
                        k -> assertThat(k.state()).isEqualTo(KeyState.PENDING_DELETION))),
                UNCHANGED)));
  }

  static Map<KeyState, Outcome> row(
      Outcome enabled, Outcome disabled, Outcome pendingDeletion, Outcome pendingImport) {
    return Map.of(
        KeyState.ENABLED,
        enabled,
        KeyState.DISABLED,
        disabled,
        KeyState.PENDING_DELETION,
        pendingDeletion,
        KeyState.PENDING_IMPORT,
        pendingImport);
  }

  /**
   * The states a single-Region key can be stored in: PendingReplicaDeletion is a multi-Region
   * primary's alone, and its column is {@link MultiRegionIntentsTest}'s.
   */
  static List<KeyState> singleRegionStates() {
    return KeyState.stored().stream()
        .filter(state -> state != KeyState.PENDING_REPLICA_DELETION)
        .toList();
  }

  static Stream<Arguments> table() {
    List<Arguments> cells = new ArrayList<>();
    for (Intent intent : intents()) {
      for (KeyState state : singleRegionStates()) {
        cells.add(Arguments.of(intent.name(), state, intent));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} on a key {1}")
  @MethodSource("table")
  void intent_inEachKeyState_doesWhatTheKeyStateTableSays(
      String name, KeyState state, Intent intent) {
    KmsKey key = intent.prepare().apply(key(state, intent.origin()).toBuilder()).build();
    Outcome expected = intent.row().get(state);

    if (expected instanceof Unchanged) {
      assertSame(key, intent.apply().apply(key));
    } else if (expected instanceof Changes c) {
      KmsKey changed = intent.apply().apply(key);
      assertThat(changed).isNotSameAs(key).isNotEqualTo(key);
      assertThat(changed.revision()).as("the store moves the revision").isEqualTo(7);
      assertThat(changed.keyId()).isEqualTo(key.keyId());
      c.check().accept(changed);
    } else {
      Refused r = (Refused) expected;
      assertRefused(() -> intent.apply().apply(key), r.type(), key.arn() + r.suffix());
    }
  }

  // --- the rules beside the key-state table ---

  /** The AWS operation of each intent a caller asks for; the lifecycle job's intents are absent. */
  private static final Map<String, String> OPERATIONS =
      Map.ofEntries(
          Map.entry("enable", "EnableKey"),
          Map.entry("disable", "DisableKey"),
          Map.entry("updateDescription", "UpdateKeyDescription"),
          Map.entry("tag", "TagResource"),
          Map.entry("untag", "UntagResource"),
          Map.entry("scheduleDeletion", "ScheduleKeyDeletion"),
          Map.entry("cancelDeletion", "CancelKeyDeletion"),
          Map.entry("enableRotation", "EnableKeyRotation"),
          Map.entry("disableRotation", "DisableKeyRotation"),
          Map.entry("rotateOnDemand", "RotateKeyOnDemand"),
          Map.entry("importMaterial", "ImportKeyMaterial"),
          Map.entry("deleteImportedMaterial", "DeleteImportedKeyMaterial"),
          Map.entry("replacePolicy", "PutKeyPolicy"));

  static Stream<Arguments> awsManagedTable() {
    List<Arguments> cells = new ArrayList<>();
    for (Intent intent : intents()) {
      for (KeyState state : singleRegionStates()) {
        cells.add(Arguments.of(intent.name(), state, intent));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} on an AWS managed key {1}")
  @MethodSource("awsManagedTable")
  void everyChangeACallerAsks_ofAnAwsManagedKey_isAccessDenied_beforeItsStateRules_butTheJobsRun(
      String name, KeyState state, Intent intent) {
    KmsKey key =
        intent
            .prepare()
            .apply(key(state, intent.origin()).toBuilder().keyManager(KeyManager.AWS))
            .build();
    String operation = OPERATIONS.get(name);

    if (operation == null) {
      // rotateIfDue and expireImportedMaterial: the lifecycle job's, as for a customer key
      Outcome expected = intent.row().get(state);
      if (expected instanceof Unchanged) {
        assertSame(key, intent.apply().apply(key));
      } else {
        assertThat(intent.apply().apply(key)).isNotEqualTo(key);
      }
      return;
    }
    assertRefused(
        () -> intent.apply().apply(key),
        KmsErrorType.ACCESS_DENIED,
        key.arn() + " is an AWS managed key: kms:" + operation + " is not allowed on it.");
  }

  @Test
  void replacePolicy_withTheSamePolicy_writesNothing() {
    KmsKey key = key(KeyState.ENABLED, Origin.AWS_KMS);

    assertSame(key, key.replacePolicy(key.policy()));
  }

  @Test
  void aKeyIsCustomerManaged_unlessBuiltAsAwsManaged() {
    assertThat(key(KeyState.ENABLED, Origin.AWS_KMS).keyManager()).isEqualTo(KeyManager.CUSTOMER);
  }

  @Test
  void refusedIntents_askTheEnclaveForNothing() {
    CountingSource source = new CountingSource(KmsKeyIntentsTest::newMaterial);
    KmsKey disabled = key(KeyState.DISABLED, Origin.AWS_KMS);
    KmsKey pendingDeletion = key(KeyState.PENDING_DELETION, Origin.EXTERNAL);

    assertThatThrownBy(() -> disabled.rotateOnDemand(NOW, source)).isInstanceOf(KmsException.class);
    assertThatThrownBy(
            () ->
                pendingDeletion.importMaterial(
                    NOW, ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE, null, source))
        .isInstanceOf(KmsException.class);
    assertSame(disabled, disabled.rotateIfDue(NOW, source));

    assertThat(source.calls).hasValue(0);
  }

  @Test
  void rotation_ofANonSymmetricKey_isUnsupported_beforeAnyStateCheck() {
    KmsKey rsa =
        key(KeyState.DISABLED, Origin.AWS_KMS).toBuilder().keySpec(KeySpec.RSA_2048).build();

    for (Runnable intent :
        List.<Runnable>of(
            () -> rsa.enableRotation(90, NOW),
            rsa::disableRotation,
            () -> rsa.rotateOnDemand(NOW, KmsKeyIntentsTest::newMaterial),
            rsa::requireRotatable,
            rsa::requireMaterialListable)) {
      assertRefused(intent::run, KmsErrorType.UNSUPPORTED_OPERATION, "");
    }
  }

  @Test
  void rotation_ofAnImportedKey_isUnsupported_namingItsOrigin() {
    KmsKey external = key(KeyState.ENABLED, Origin.EXTERNAL);

    assertRefused(
        () -> external.enableRotation(90, NOW),
        KmsErrorType.UNSUPPORTED_OPERATION,
        external.arn() + ORIGIN_EXTERNAL);
  }

  @Test
  void import_intoAKeyOfOriginAwsKms_isUnsupported_namingItsOrigin() {
    KmsKey generated = key(KeyState.ENABLED, Origin.AWS_KMS);

    assertRefused(
        () -> generated.deleteImportedMaterial(null),
        KmsErrorType.UNSUPPORTED_OPERATION,
        generated.arn() + ORIGIN_AWS_KMS);
    assertRefused(
        generated::requireImportable,
        KmsErrorType.UNSUPPORTED_OPERATION,
        generated.arn() + ORIGIN_AWS_KMS);
  }

  @Test
  void rotateOnDemand_after25OnDemandRotations_isLimitExceeded() {
    KmsKey key = key(KeyState.ENABLED, Origin.AWS_KMS);
    for (int i = 0; i < RotationSchedule.MAX_ON_DEMAND_ROTATIONS; i++) {
      key = key.rotateOnDemand(NOW.plusSeconds(i), KmsKeyIntentsTest::newMaterial);
    }
    KmsKey exhausted = key;

    assertThat(exhausted.versions()).hasSize(26);
    assertThat(exhausted.rotation().onDemandRotations()).isEqualTo(25);
    assertRefused(
        () -> exhausted.rotateOnDemand(NOW, KmsKeyIntentsTest::newMaterial),
        KmsErrorType.LIMIT_EXCEEDED,
        "The on-demand rotations limit has been reached for the given keyId. No more on-demand"
            + " rotations can be performed for this key: "
            + exhausted.arn());
  }

  @Test
  void rotateOnDemand_within20MinutesOfAnAutomaticRotation_isAConflict_andAfterThemIsNot() {
    Instant automatic = NOW.plus(Duration.ofMinutes(20));
    KmsKey key =
        key(KeyState.ENABLED, Origin.AWS_KMS).toBuilder()
            .rotation(new RotationSchedule(true, 90, automatic, null, 0))
            .build();

    assertRefused(
        () -> key.rotateOnDemand(NOW, KmsKeyIntentsTest::newMaterial),
        KmsErrorType.CONFLICT,
        key.arn()
            + " has an automatic rotation in progress or scheduled within 20 minutes. Try again"
            + " later.");
    KmsKey rotated = key.rotateOnDemand(NOW.minusMillis(1), KmsKeyIntentsTest::newMaterial);
    assertThat(rotated.versions()).hasSize(2);
    assertThat(rotated.rotation().nextRotationDate())
        .as("on-demand rotation leaves the automatic schedule alone")
        .isEqualTo(automatic);
  }

  @Test
  void enableRotation_whenAlreadyOn_schedulesFromTheCurrentVersion_neverInThePast() {
    KmsKey key =
        key(KeyState.ENABLED, Origin.AWS_KMS).toBuilder()
            .rotation(new RotationSchedule(true, 365, NOW.plus(Duration.ofDays(100)), null, 0))
            .build();
    Instant created = key.primaryVersion().createdAt();

    assertThat(key.enableRotation(400, NOW).rotation().nextRotationDate())
        .isEqualTo(created.plus(Duration.ofDays(400)));
    assertThat(key.enableRotation(90, NOW).rotation().nextRotationDate())
        .as("the version is older than the new period: rotate now, not in the past")
        .isEqualTo(NOW);
  }

  @Test
  void enableRotation_withTheSameSettings_writesNothing() {
    KmsKey on = key(KeyState.ENABLED, Origin.AWS_KMS).enableRotation(90, NOW);
    Instant created = on.primaryVersion().createdAt();
    KmsKey scheduledFromVersion =
        on.toBuilder()
            .rotation(new RotationSchedule(true, 90, created.plus(Duration.ofDays(90)), null, 0))
            .build();

    assertSame(
        scheduledFromVersion,
        scheduledFromVersion.enableRotation(90, created.plus(Duration.ofDays(1))));
  }

  @Test
  void disableRotation_whenOff_writesNothing() {
    KmsKey off = key(KeyState.ENABLED, Origin.AWS_KMS);

    assertSame(off, off.disableRotation());
  }

  @Test
  void rotateIfDue_beforeItsDate_orWithRotationOff_writesNothing() {
    Instant next = NOW.plusSeconds(1);
    KmsKey notYet =
        key(KeyState.ENABLED, Origin.AWS_KMS).toBuilder()
            .rotation(new RotationSchedule(true, 90, next, null, 0))
            .build();
    KmsKey off = key(KeyState.ENABLED, Origin.AWS_KMS);

    assertSame(notYet, notYet.rotateIfDue(NOW, KmsKeyIntentsTest::newMaterial));
    assertSame(off, off.rotateIfDue(NOW, KmsKeyIntentsTest::newMaterial));
    assertThat(notYet.rotateIfDue(next, KmsKeyIntentsTest::newMaterial).versions()).hasSize(2);
  }

  @Test
  void importMaterial_ofOtherMaterial_isIncorrectKeyMaterial() {
    KmsKey key = key(KeyState.ENABLED, Origin.EXTERNAL);

    assertRefused(
        () ->
            key.importMaterial(
                NOW,
                ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE,
                null,
                ref -> new Material(KeyFixtures.wrappedKey(), "cd".repeat(32))),
        KmsErrorType.INCORRECT_KEY_MATERIAL,
        "The key material is different from the key material that was previously imported into"
            + " this KMS key.");
  }

  @Test
  void importMaterial_afterDeletion_bringsBackVersion1_whileADisabledKeyStaysDisabled() {
    KmsKey deleted = key(KeyState.DISABLED, Origin.EXTERNAL).deleteImportedMaterial(MATERIAL_ID);
    assertThat(deleted.state()).isEqualTo(KeyState.PENDING_IMPORT);

    KmsKey back =
        deleted.importMaterial(
            NOW,
            ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE,
            null,
            KmsKeyIntentsTest::importedMaterial);

    assertThat(back.state()).isEqualTo(KeyState.ENABLED);
    assertThat(back.versions()).extracting(KeyVersion::number).containsExactly(1);
  }

  @Test
  void deleteImportedMaterial_namingOtherMaterial_isNotFound() {
    KmsKey key = key(KeyState.ENABLED, Origin.EXTERNAL);
    String other = "cd".repeat(32);

    assertRefused(
        () -> key.deleteImportedMaterial(other),
        KmsErrorType.NOT_FOUND,
        "Key material " + other + " does not exist for " + key.arn());
  }

  @Test
  void deleteImportedMaterial_pendingDeletion_staysPendingDeletion_throughExpiry() {
    KmsKey key =
        key(KeyState.PENDING_DELETION, Origin.EXTERNAL).toBuilder()
            .importedMaterial(
                new ImportedMaterial(MATERIAL_ID, ExpirationModel.KEY_MATERIAL_EXPIRES, NOW))
            .build();

    KmsKey expired = key.expireImportedMaterial(NOW);

    assertThat(expired.state()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(expired.deletionDate()).isEqualTo(key.deletionDate());
  }

  @Test
  void expireImportedMaterial_beforeValidTo_orNotExpiring_writesNothing() {
    KmsKey expiring =
        key(KeyState.ENABLED, Origin.EXTERNAL).toBuilder()
            .importedMaterial(
                new ImportedMaterial(
                    MATERIAL_ID, ExpirationModel.KEY_MATERIAL_EXPIRES, NOW.plusMillis(1)))
            .build();
    KmsKey forever = key(KeyState.ENABLED, Origin.EXTERNAL);

    assertSame(expiring, expiring.expireImportedMaterial(NOW));
    assertSame(forever, forever.expireImportedMaterial(NOW.plus(Duration.ofDays(10_000))));
  }

  @Test
  void cancelDeletion_ofAKeyWhoseMaterialIsGone_waitsForImportAgain() {
    KmsKey key =
        key(KeyState.ENABLED, Origin.EXTERNAL)
            .deleteImportedMaterial(null)
            .scheduleDeletion(NOW, 7);

    assertThat(key.cancelDeletion().state()).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void deletionDue_fromItsDateOn() {
    KmsKey key = key(KeyState.ENABLED, Origin.AWS_KMS).scheduleDeletion(NOW, 7);
    Instant date = NOW.plus(Duration.ofDays(7));

    assertThat(key.deletionDue(date.minusMillis(1))).isFalse();
    assertThat(key.deletionDue(date)).isTrue();
    assertThat(key(KeyState.DISABLED, Origin.AWS_KMS).deletionDue(date)).isFalse();
  }

  @Test
  void tag_past50Tags_isTagException_andTheSameTags_writeNothing() {
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < Tags.MAX_PER_KEY; i++) {
      fifty.add(new Tag("k" + i, "v"));
    }
    KmsKey full = key(KeyState.ENABLED, Origin.AWS_KMS).tag(fifty);

    assertThat(full.tags()).hasSize(50);
    assertRefused(
        () -> full.tag(List.of(new Tag("one-more", "v"))), KmsErrorType.TAG, "Too many tags");
    assertSame(full, full.tag(List.of(new Tag("k3", "v"))));
  }

  @Test
  void tag_overwritesAValue_keepingFirstAddedOrder() {
    KmsKey key =
        key(KeyState.ENABLED, Origin.AWS_KMS)
            .tag(List.of(new Tag("a", "1"), new Tag("b", "2")))
            .tag(List.of(new Tag("c", "3"), new Tag("a", "9")));

    assertThat(key.tags()).containsExactly(new Tag("a", "9"), new Tag("b", "2"), new Tag("c", "3"));
  }

  @Test
  void untag_ofUnknownKeys_writesNothing() {
    KmsKey key = key(KeyState.ENABLED, Origin.AWS_KMS).tag(List.of(new Tag("a", "1")));

    assertSame(key, key.untag(List.of("b")));
  }

  @Test
  void updateDescription_toTheSameText_writesNothing() {
    KmsKey key = key(KeyState.ENABLED, Origin.AWS_KMS).updateDescription("same");

    assertSame(key, key.updateDescription("same"));
  }

  static void assertRefused(Runnable intent, KmsErrorType type, String message) {
    assertThatThrownBy(intent::run)
        .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.type()).isEqualTo(type))
        .hasMessage(message);
  }

  /**
   * A key as it really is in {@code state}: one version unless pending import; an EXTERNAL key
   * holds the material it imported; a key pending deletion has its date.
   */
  static KmsKey key(KeyState state, Origin origin) {
    KmsKey.Builder key = KeyFixtures.enabledKey().revision(7);
    if (state == KeyState.PENDING_IMPORT) {
      return key.origin(Origin.EXTERNAL).state(state).versions(List.of()).build();
    }
    key.origin(origin).state(state);
    if (origin == Origin.EXTERNAL) {
      key.versions(
              List.of(
                  new KeyVersion(
                      1, MATERIAL_ID, KeyFixtures.wrappedKey(), KeyFixtures.CREATED, null)))
          .importedMaterial(
              new ImportedMaterial(
                  MATERIAL_ID, ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE, null));
    }
    if (state == KeyState.PENDING_DELETION) {
      key.deletionDate(NOW.plus(Duration.ofDays(30))).pendingWindowInDays(30);
    }
    return key.build();
  }

  /** Material for a new version, as the enclave makes it. */
  record Material(WrappedKey material, String materialId) implements VersionMaterial {}

  static Material newMaterial(KeyVersionRef ref) {
    return new Material(KeyFixtures.wrappedKey(), KeyFixtures.materialId());
  }

  static Material importedMaterial(KeyVersionRef ref) {
    assertThat(ref.version()).as("imported material is version 1").isEqualTo(1);
    return new Material(KeyFixtures.wrappedKey(), MATERIAL_ID);
  }

  /** Counts the calls of a material source, to show a refused change asks the enclave nothing. */
  static final class CountingSource implements Function<KeyVersionRef, Material> {
    final AtomicInteger calls = new AtomicInteger();
    private final Function<KeyVersionRef, Material> source;

    CountingSource(Function<KeyVersionRef, Material> source) {
      this.source = source;
    }

    @Override
    public Material apply(KeyVersionRef ref) {
      calls.incrementAndGet();
      return source.apply(ref);
    }
  }
}
