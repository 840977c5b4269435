package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.cancelKeyDeletion;
import static dev.serverlesskms.core.operation.Requests.scheduleKeyDeletion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.ScheduleKeyDeletionResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeyState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ScheduleKeyDeletion and CancelKeyDeletion: the waiting period (7..30 days, default 30), their
 * key-state rows, where a cancelled key goes back to, and their audit records. The deletion itself
 * is the lifecycle job's ({@link KeyLifecycleJobTest}).
 */
class DeletionOperationsTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  @Test
  void scheduleKeyDeletion_byDefault_deletesIn30Days_andDescribeKeyShowsIt() {
    String keyId = f.createKey();

    ScheduleKeyDeletionResponse response =
        f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, null));

    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(response.pendingWindowInDays()).isEqualTo(30);
    assertThat(response.deletionDate()).isEqualTo(f.now().plus(Duration.ofDays(30)));
    KeyMetadata pending = f.describe(keyId);
    assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(pending.enabled()).isFalse();
    assertThat(pending.deletionDate()).isEqualTo(response.deletionDate());
    assertThat(pending.pendingDeletionWindowInDays()).isEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 15, 30})
  void scheduleKeyDeletion_takesAWindowFrom7To30Days(int days) {
    String keyId = f.createKey();

    ScheduleKeyDeletionResponse response =
        f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(arn(keyId), days));

    assertThat(response.pendingWindowInDays()).isEqualTo(days);
    assertThat(response.deletionDate()).isEqualTo(f.now().plus(Duration.ofDays(days)));
  }

  @Test
  void scheduleKeyDeletion_outside7To30Days_isValidation() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 6)))
        .hasMessage(
            "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 7");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 31)))
        .hasMessage(
            "1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy"
                + " constraint: Member must have value less than or equal to 30");
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  // ------------------------------------------------------------------ key-state table

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void scheduleKeyDeletion_worksInEveryStateButPendingDeletion(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));

    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_DELETION);
  }

  @Test
  void scheduleKeyDeletion_twice_isInvalidState_andKeepsTheFirstDate() {
    String keyId = f.createKey();
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.scheduleKeyDeletion,
                scheduleKeyDeletion(keyId, 30)))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(f.describe(keyId).pendingDeletionWindowInDays()).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED"})
  void cancelKeyDeletion_putsTheKeyBackDisabled_whateverItWasBefore(KeyState before) {
    String keyId = f.keyIn(before);
    f.scheduleDeletion(keyId);

    assertThat(f.call(kms.cancelKeyDeletion, cancelKeyDeletion(keyId)).keyId())
        .isEqualTo(arn(keyId));

    KeyMetadata cancelled = f.describe(keyId);
    assertThat(cancelled.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(cancelled.deletionDate()).isNull();
    assertThat(cancelled.pendingDeletionWindowInDays()).isNull();
  }

  @Test
  void cancelKeyDeletion_ofAKeyWithoutMaterial_putsItBackPendingImport() {
    String keyId = f.keyIn(KeyState.PENDING_IMPORT);
    f.scheduleDeletion(keyId);

    f.call(kms.cancelKeyDeletion, cancelKeyDeletion(keyId));

    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void cancelKeyDeletion_ofAKeyWithImportedMaterial_putsItBackDisabled() {
    String keyId = f.importedKeyIn(KeyState.PENDING_DELETION);

    f.call(kms.cancelKeyDeletion, cancelKeyDeletion(keyId));

    assertThat(f.state(keyId)).isEqualTo(KeyState.DISABLED);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void cancelKeyDeletion_ofAKeyNotPendingDeletion_isInvalidState(KeyState state) {
    String keyId = f.keyIn(state);

    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.cancelKeyDeletion, cancelKeyDeletion(keyId)))
        .hasMessage(arn(keyId) + " is not pending deletion.");
    assertThat(f.state(keyId)).isEqualTo(state);
  }

  @Test
  void aCancelledKey_canBeEnabledAndUsedAgain_withItsOldCiphertexts() {
    String keyId = f.createKey();
    byte[] blob = f.encrypt(keyId, "reprieved");
    f.scheduleDeletion(keyId);
    f.call(kms.cancelKeyDeletion, cancelKeyDeletion(keyId));

    f.call(kms.enableKey, Requests.enableKey(keyId));

    assertThat(f.decrypt(blob)).isEqualTo("reprieved");
  }

  // ------------------------------------------------------------------ identifiers

  @Test
  void theyTakeKeyIdOrArn_butNoAlias_andNoUnknownKey() {
    String keyId = f.createKey();
    f.createAlias("alias/doomed", keyId);
    String unknown = "11111111-2222-3333-4444-555555555555";

    f.error(
        KmsErrorType.NOT_FOUND, kms.scheduleKeyDeletion, scheduleKeyDeletion("alias/doomed", 7));
    f.error(KmsErrorType.NOT_FOUND, kms.cancelKeyDeletion, cancelKeyDeletion("alias/doomed"));
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND, kms.scheduleKeyDeletion, scheduleKeyDeletion(unknown, 7)))
        .hasMessage("Key '" + arn(unknown) + "' does not exist");
    f.error(KmsErrorType.NOT_FOUND, kms.cancelKeyDeletion, cancelKeyDeletion(unknown));
    f.error(KmsErrorType.VALIDATION, kms.cancelKeyDeletion, cancelKeyDeletion(null));
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(arn(keyId), 7));
    f.call(kms.cancelKeyDeletion, cancelKeyDeletion(arn(keyId)));
  }

  // ------------------------------------------------------------------ audit

  @Test
  void scheduleAndCancel_areAudited_withTheirResponses() {
    String keyId = f.createKey();

    ScheduleKeyDeletionResponse response =
        f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));
    AuditEvent scheduled = f.lastAudit();
    assertThat(scheduled.eventName()).isEqualTo("ScheduleKeyDeletion");
    assertThat(scheduled.readOnly()).isFalse();
    assertThat(scheduled.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("pendingWindowInDays", 7);
    assertThat(scheduled.responseElements())
        .containsEntry("keyId", arn(keyId))
        .containsEntry("keyState", "PendingDeletion")
        .containsEntry("pendingWindowInDays", 7)
        .containsEntry("deletionDate", response.deletionDate());
    assertThat(scheduled.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));

    f.call(kms.cancelKeyDeletion, cancelKeyDeletion(keyId));
    assertThat(f.lastAudit().eventName()).isEqualTo("CancelKeyDeletion");
    assertThat(f.lastAudit().responseElements()).containsEntry("keyId", arn(keyId));

    f.error(KmsErrorType.INVALID_STATE, kms.cancelKeyDeletion, cancelKeyDeletion(keyId));
    assertThat(f.lastAudit().errorCode()).isEqualTo("KMSInvalidStateException");
    assertThat(f.lastAudit().errorMessage()).isEqualTo(arn(keyId) + " is not pending deletion.");
    assertThat(f.lastAudit().responseElements()).isNull();
  }
}
