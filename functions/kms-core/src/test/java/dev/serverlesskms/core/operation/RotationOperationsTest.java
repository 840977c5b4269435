package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.disableKeyRotation;
import static dev.serverlesskms.core.operation.Requests.enableKeyRotation;
import static dev.serverlesskms.core.operation.Requests.getKeyRotationStatus;
import static dev.serverlesskms.core.operation.Requests.listKeyRotations;
import static dev.serverlesskms.core.operation.Requests.rotateKeyOnDemand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GetKeyRotationStatusResponse;
import dev.serverlesskms.core.api.ListKeyRotationsResponse;
import dev.serverlesskms.core.api.RotationsListEntry;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand and
 * ListKeyRotations: the rotation period (90..2560, default 365) and next rotation date, which keys
 * rotate, their key-state rows, 25 on-demand rotations and the conflict with an imminent automatic
 * one, the listing of key materials, and their audit records. Automatic rotation itself is the
 * lifecycle job's ({@link KeyLifecycleJobTest}).
 */
class RotationOperationsTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ Enable/Disable/Status

  @Test
  void enableKeyRotation_byDefault_rotatesEvery365Days_fromNow() {
    String keyId = f.createKey();
    GetKeyRotationStatusResponse off = status(keyId);
    assertThat(off.keyRotationEnabled()).isFalse();
    assertThat(off.rotationPeriodInDays()).isNull();
    assertThat(off.nextRotationDate()).isNull();

    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, null));

    GetKeyRotationStatusResponse on = status(arn(keyId));
    assertThat(on.keyRotationEnabled()).isTrue();
    assertThat(on.keyId()).isEqualTo(arn(keyId));
    assertThat(on.rotationPeriodInDays()).isEqualTo(365);
    assertThat(on.nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(365)));
    assertThat(on.onDemandRotationStartDate()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {90, 180, 2560})
  void enableKeyRotation_takesAPeriodFrom90To2560Days(int days) {
    String keyId = f.createKey();

    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, days));

    assertThat(status(keyId).rotationPeriodInDays()).isEqualTo(days);
    assertThat(status(keyId).nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(days)));
  }

  @Test
  void enableKeyRotation_outside90To2560Days_isValidation() {
    String keyId = f.createKey();

    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.enableKeyRotation, enableKeyRotation(keyId, 89)))
        .hasMessage(
            "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 90");
    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.enableKeyRotation, enableKeyRotation(keyId, 2561)))
        .hasMessage(
            "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to"
                + " satisfy constraint: Member must have value less than or equal to 2560");
    assertThat(status(keyId).keyRotationEnabled()).isFalse();
  }

  @Test
  void changingThePeriod_whileEnabled_countsFromTheCurrentMaterial_butNeverBeforeNow() {
    String keyId = f.createKey();
    Instant created = f.now();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 365));

    f.advance(Duration.ofDays(100));
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 180));
    assertThat(status(keyId).nextRotationDate()).isEqualTo(created.plus(Duration.ofDays(180)));

    f.advance(Duration.ofDays(100));
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    assertThat(status(keyId).nextRotationDate()).isEqualTo(f.now());
    assertThat(status(keyId).rotationPeriodInDays()).isEqualTo(90);
  }

  @Test
  void disableKeyRotation_turnsItOff_andEnablingAgainStartsAFreshPeriod() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));

    f.call(kms.disableKeyRotation, disableKeyRotation(keyId));
    GetKeyRotationStatusResponse off = status(keyId);
    assertThat(off.keyRotationEnabled()).isFalse();
    assertThat(off.rotationPeriodInDays()).isNull();
    assertThat(off.nextRotationDate()).isNull();

    f.advance(Duration.ofDays(10));
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, null));
    assertThat(status(keyId).rotationPeriodInDays()).isEqualTo(365);
    assertThat(status(keyId).nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(365)));
  }

  @Test
  void enablingWithTheSamePeriod_orDisablingWhenOff_writesNothing() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String on = faulty.createKey();
    String off = faulty.createKey();
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(on, 90));
    store.failing("update", FaultyKeyStore.unavailable());
    faulty.advance(Duration.ofDays(1));

    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(on, 90));
    faulty.call(faulty.kms.disableKeyRotation, disableKeyRotation(off));
    faulty.error(
        KmsErrorType.DEPENDENCY_TIMEOUT, faulty.kms.enableKeyRotation, enableKeyRotation(on, 91));
  }

  // ------------------------------------------------------------------ key-state table

  @Test
  void rotationChanges_ofADisabledKey_areDisabledException() {
    String keyId = f.keyIn(KeyState.DISABLED);
    String message = arn(keyId) + " is disabled.";

    assertThat(
            f.error(KmsErrorType.DISABLED, kms.enableKeyRotation, enableKeyRotation(keyId, null)))
        .hasMessage(message);
    assertThat(f.error(KmsErrorType.DISABLED, kms.disableKeyRotation, disableKeyRotation(keyId)))
        .hasMessage(message);
    assertThat(f.error(KmsErrorType.DISABLED, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId)))
        .hasMessage(message);
    assertThat(status(keyId).keyRotationEnabled()).isFalse();
  }

  @Test
  void rotationChanges_ofAKeyPendingDeletion_areInvalidState() {
    String keyId = f.keyIn(KeyState.PENDING_DELETION);
    String message = arn(keyId) + " is pending deletion.";

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE, kms.enableKeyRotation, enableKeyRotation(keyId, null)))
        .hasMessage(message);
    f.error(KmsErrorType.INVALID_STATE, kms.disableKeyRotation, disableKeyRotation(keyId));
    f.error(KmsErrorType.INVALID_STATE, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
  }

  @Test
  void getKeyRotationStatus_ofAKeyPendingDeletion_reportsRotationOff_untilTheDeletionIsCancelled() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    Instant next = status(keyId).nextRotationDate();

    f.scheduleDeletion(keyId);
    GetKeyRotationStatusResponse pending = status(keyId);
    assertThat(pending.keyRotationEnabled()).isFalse();
    assertThat(pending.rotationPeriodInDays()).isNull();
    assertThat(pending.nextRotationDate()).isNull();

    f.call(kms.cancelKeyDeletion, Requests.cancelKeyDeletion(keyId));
    assertThat(status(keyId).keyRotationEnabled()).isTrue();
    assertThat(status(keyId).nextRotationDate()).isEqualTo(next);
  }

  @Test
  void getKeyRotationStatus_ofADisabledKey_reportsItsSettings() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 100));
    f.disable(keyId);

    assertThat(status(keyId).keyRotationEnabled()).isTrue();
    assertThat(status(keyId).rotationPeriodInDays()).isEqualTo(100);
  }

  @ParameterizedTest
  @EnumSource(value = KeyState.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
  void keysWithImportedMaterial_doNotRotate_inAnyState(KeyState state) {
    String keyId = state == KeyState.PENDING_IMPORT ? f.keyIn(state) : f.importedKeyIn(state);
    String message = arn(keyId) + " origin is EXTERNAL which is not valid for this operation.";

    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.enableKeyRotation,
                enableKeyRotation(keyId, null)))
        .hasMessage(message);
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.disableKeyRotation, disableKeyRotation(keyId));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION, kms.getKeyRotationStatus, getKeyRotationStatus(keyId));
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
  }

  @Test
  void asymmetricKeys_doNotRotate_withAwsEmptyMessage() {
    String keyId =
        f.seedKey(key -> key.keySpec(KeySpec.ECC_NIST_P384).keyUsage(KeyUsage.SIGN_VERIFY));

    assertThat(
            f.error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                kms.rotateKeyOnDemand,
                rotateKeyOnDemand(keyId)))
        .hasMessage("");
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION, kms.enableKeyRotation, enableKeyRotation(keyId, null));
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.disableKeyRotation, disableKeyRotation(keyId));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION, kms.getKeyRotationStatus, getKeyRotationStatus(keyId));
  }

  @Test
  void keysThatAreNotSymmetric_doNotRotate() {
    String keyId =
        f.seedKey(key -> key.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));

    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION, kms.enableKeyRotation, enableKeyRotation(keyId, null));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION, kms.getKeyRotationStatus, getKeyRotationStatus(keyId));
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    f.error(KmsErrorType.UNSUPPORTED_OPERATION, kms.listKeyRotations, listKeyRotations(keyId));
  }

  @Test
  void rotationOperations_takeKeyIdOrArn_butNoAlias() {
    String keyId = f.createKey();
    f.createAlias("alias/rotating", keyId);

    f.error(
        KmsErrorType.NOT_FOUND, kms.enableKeyRotation, enableKeyRotation("alias/rotating", null));
    f.error(KmsErrorType.NOT_FOUND, kms.disableKeyRotation, disableKeyRotation("alias/rotating"));
    f.error(
        KmsErrorType.NOT_FOUND, kms.getKeyRotationStatus, getKeyRotationStatus("alias/rotating"));
    f.error(KmsErrorType.NOT_FOUND, kms.rotateKeyOnDemand, rotateKeyOnDemand("alias/rotating"));
    f.error(KmsErrorType.NOT_FOUND, kms.listKeyRotations, listKeyRotations("alias/rotating"));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.rotateKeyOnDemand,
        rotateKeyOnDemand("11111111-2222-3333-4444-555555555555"));
    f.call(kms.enableKeyRotation, enableKeyRotation(arn(keyId), null));
    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(arn(keyId)));
  }

  // ------------------------------------------------------------------ RotateKeyOnDemand

  @Test
  void rotateKeyOnDemand_addsMaterialThatNewEncryptionsUse_whileOldCiphertextsStillDecrypt() {
    String keyId = f.createKey();
    byte[] before = f.encrypt(keyId, "before");
    String firstMaterial = f.describe(keyId).currentKeyMaterialId();

    assertThat(f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId)).keyId())
        .isEqualTo(arn(keyId));

    String secondMaterial = f.describe(keyId).currentKeyMaterialId();
    assertThat(secondMaterial).isNotEqualTo(firstMaterial);
    byte[] after = f.encrypt(keyId, "after!");
    assertThat(f.call(kms.decrypt, Requests.decrypt(after)).keyMaterialId())
        .isEqualTo(secondMaterial);
    assertThat(f.call(kms.decrypt, Requests.decrypt(before)).keyMaterialId())
        .isEqualTo(firstMaterial);
    assertThat(f.decrypt(before)).isEqualTo("before");
    assertThat(status(keyId).onDemandRotationStartDate()).isEqualTo(f.now());
  }

  @Test
  void rotateKeyOnDemand_leavesTheAutomaticScheduleAsItWas() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    Instant next = status(keyId).nextRotationDate();
    f.advance(Duration.ofDays(30));

    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));

    assertThat(status(keyId).nextRotationDate()).isEqualTo(next);
    assertThat(status(keyId).keyRotationEnabled()).isTrue();
  }

  @Test
  void rotateKeyOnDemand_allows25RotationsPerKey() {
    String keyId = f.createKey();
    for (int i = 0; i < 25; i++) {
      f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    }

    assertThat(
            f.error(KmsErrorType.LIMIT_EXCEEDED, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId)))
        .hasMessage(
            "The on-demand rotations limit has been reached for the given keyId. No more"
                + " on-demand rotations can be performed for this key: "
                + arn(keyId));
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId, null, 1000, null)).rotations())
        .hasSize(25);
  }

  @Test
  void rotateKeyOnDemand_within20MinutesOfAnAutomaticRotation_isConflict() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));

    f.advance(Duration.ofDays(90).minus(Duration.ofMinutes(21)));
    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    f.advance(Duration.ofMinutes(1));
    assertThat(f.error(KmsErrorType.CONFLICT, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId)))
        .hasMessage(
            arn(keyId)
                + " has an automatic rotation in progress or scheduled within 20 minutes. Try"
                + " again later.");
    f.advance(Duration.ofMinutes(10));
    f.error(KmsErrorType.CONFLICT, kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
  }

  // ------------------------------------------------------------------ ListKeyRotations

  @Test
  void listKeyRotations_listsRotationsOnly_byDefault_andEveryMaterialOnRequest() {
    String keyId = f.createKey();
    String original = f.describe(keyId).currentKeyMaterialId();
    f.advance(Duration.ofDays(1));
    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    Instant firstRotation = f.now();
    f.advance(Duration.ofDays(1));
    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    String current = f.describe(keyId).currentKeyMaterialId();

    List<RotationsListEntry> rotations =
        f.call(kms.listKeyRotations, listKeyRotations(keyId, "ROTATIONS_ONLY", null, null))
            .rotations();
    assertThat(rotations).hasSize(2);
    assertThat(rotations).extracting(RotationsListEntry::keyId).containsOnly(arn(keyId));
    assertThat(rotations)
        .extracting(RotationsListEntry::rotationType)
        .containsExactly("ON_DEMAND", "ON_DEMAND");
    assertThat(rotations)
        .extracting(RotationsListEntry::keyMaterialState)
        .containsExactly("NON_CURRENT", "CURRENT");
    assertThat(rotations.get(0).rotationDate()).isEqualTo(firstRotation);
    assertThat(rotations.get(1).keyMaterialId()).isEqualTo(current);
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations())
        .isEqualTo(rotations);

    List<RotationsListEntry> all =
        f.call(kms.listKeyRotations, listKeyRotations(keyId, "ALL_KEY_MATERIAL", null, null))
            .rotations();
    assertThat(all).hasSize(3);
    RotationsListEntry first = all.get(0);
    assertThat(first.keyMaterialId()).isEqualTo(original);
    assertThat(first.keyMaterialState()).isEqualTo("NON_CURRENT");
    assertThat(first.rotationDate()).isNull();
    assertThat(first.rotationType()).isNull();
  }

  @Test
  void listKeyRotations_pagesWithLimitAndMarker() {
    String keyId = f.createKey();
    for (int i = 0; i < 5; i++) {
      f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    }
    List<String> materials = new ArrayList<>();
    String marker = null;
    do {
      ListKeyRotationsResponse page =
          f.call(kms.listKeyRotations, listKeyRotations(keyId, null, 2, marker));
      page.rotations().forEach(r -> materials.add(r.keyMaterialId()));
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      marker = page.nextMarker();
    } while (marker != null);

    assertThat(materials)
        .hasSize(5)
        .doesNotHaveDuplicates()
        .endsWith(f.describe(keyId).currentKeyMaterialId());
  }

  @Test
  void listKeyRotations_parameters_areValidated() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.listKeyRotations,
                listKeyRotations(keyId, "EVERYTHING", null, null)))
        .hasMessage(
            "1 validation error detected: Value 'EVERYTHING' at 'includeKeyMaterial' failed to"
                + " satisfy constraint: Member must satisfy enum value set: [ALL_KEY_MATERIAL,"
                + " ROTATIONS_ONLY]");
    f.error(KmsErrorType.VALIDATION, kms.listKeyRotations, listKeyRotations(keyId, null, 0, null));
    f.error(
        KmsErrorType.VALIDATION, kms.listKeyRotations, listKeyRotations(keyId, null, 1001, null));
    f.error(KmsErrorType.VALIDATION, kms.listKeyRotations, listKeyRotations(keyId, null, null, ""));
    f.error(
        KmsErrorType.INVALID_MARKER,
        kms.listKeyRotations,
        listKeyRotations(keyId, null, null, "junk"));
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_DELETION"})
  void listKeyRotations_worksInEveryStateButPendingImport(KeyState state) {
    String keyId = f.createKey();
    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    if (state == KeyState.DISABLED) {
      f.disable(keyId);
    } else if (state == KeyState.PENDING_DELETION) {
      f.scheduleDeletion(keyId);
    }

    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations()).hasSize(1);
  }

  @Test
  void listKeyRotations_ofAKeyPendingImport_isInvalidState_andOfImportedMaterial_listsIt() {
    String pending = f.keyIn(KeyState.PENDING_IMPORT);
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.listKeyRotations, listKeyRotations(pending)))
        .hasMessage(arn(pending) + " is pending import.");

    String imported = f.importedKeyIn(KeyState.ENABLED);
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(imported)).rotations()).isEmpty();
    assertThat(
            f.call(kms.listKeyRotations, listKeyRotations(imported, "ALL_KEY_MATERIAL", null, null))
                .rotations())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.keyMaterialState()).isEqualTo("CURRENT");
              assertThat(entry.keyMaterialId())
                  .isEqualTo(f.describe(imported).currentKeyMaterialId());
            });
  }

  // ------------------------------------------------------------------ audit

  @Test
  void rotationRequests_areAudited() {
    String keyId = f.createKey();

    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 180));
    AuditEvent enabled = f.lastAudit();
    assertThat(enabled.eventName()).isEqualTo("EnableKeyRotation");
    assertThat(enabled.readOnly()).isFalse();
    assertThat(enabled.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("rotationPeriodInDays", 180);
    assertThat(enabled.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));

    f.call(kms.rotateKeyOnDemand, rotateKeyOnDemand(keyId));
    assertThat(f.lastAudit().eventName()).isEqualTo("RotateKeyOnDemand");
    assertThat(f.lastAudit().readOnly()).isFalse();
    assertThat(f.lastAudit().resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));

    status(keyId);
    assertThat(f.lastAudit().eventName()).isEqualTo("GetKeyRotationStatus");
    assertThat(f.lastAudit().readOnly()).isTrue();

    f.call(kms.listKeyRotations, listKeyRotations(keyId));
    assertThat(f.lastAudit().eventName()).isEqualTo("ListKeyRotations");
    assertThat(f.lastAudit().readOnly()).isTrue();

    f.call(kms.disableKeyRotation, disableKeyRotation(keyId));
    assertThat(f.lastAudit().eventName()).isEqualTo("DisableKeyRotation");

    f.error(KmsErrorType.VALIDATION, kms.enableKeyRotation, enableKeyRotation(keyId, 1));
    assertThat(f.lastAudit().errorCode()).isEqualTo("ValidationException");
  }

  private GetKeyRotationStatusResponse status(String keyId) {
    return f.call(kms.getKeyRotationStatus, getKeyRotationStatus(keyId));
  }
}
