package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.disableKey;
import static dev.serverlesskms.core.operation.Requests.enableKey;
import static dev.serverlesskms.core.operation.Requests.updateKeyDescription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EnableKey, DisableKey and UpdateKeyDescription: their rows of AWS's key-state table, their
 * identifiers (key id or key ARN, never an alias), their limits, and their audit records.
 */
class EnableDisableDescriptionTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ key-state table

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED"})
  void enableKey_fromEnabledOrDisabled_leavesTheKeyEnabled(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.enableKey, enableKey(keyId));

    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(f.describe(keyId).enabled()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED"})
  void disableKey_fromEnabledOrDisabled_leavesTheKeyDisabled(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.disableKey, disableKey(keyId));

    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(f.describe(keyId).enabled()).isFalse();
  }

  @Test
  void enableAndDisable_ofAKeyPendingDeletion_areInvalidState() {
    String keyId = f.keyIn(KeyState.PENDING_DELETION);

    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.enableKey, enableKey(keyId)))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.disableKey, disableKey(keyId)))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_DELETION);
  }

  @Test
  void enableAndDisable_ofAKeyPendingImport_areInvalidState() {
    String keyId = f.keyIn(KeyState.PENDING_IMPORT);

    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.enableKey, enableKey(keyId)))
        .hasMessage(arn(keyId) + " is pending import.");
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.disableKey, disableKey(keyId)))
        .hasMessage(arn(keyId) + " is pending import.");
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void enableAndDisable_ofAKeyWithImportedMaterial_work() {
    String keyId = f.importedKeyIn(KeyState.ENABLED);

    f.call(kms.disableKey, disableKey(keyId));
    assertThat(f.state(keyId)).isEqualTo(KeyState.DISABLED);
    f.call(kms.enableKey, enableKey(keyId));
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "DISABLED", "PENDING_IMPORT"})
  void updateKeyDescription_inEveryStateButPendingDeletion_changesIt(KeyState state) {
    String keyId = f.keyIn(state);

    f.call(kms.updateKeyDescription, updateKeyDescription(keyId, "after"));

    assertThat(f.describe(keyId).description()).isEqualTo("after");
    assertThat(f.state(keyId)).isEqualTo(state);
  }

  @Test
  void updateKeyDescription_ofAKeyPendingDeletion_isInvalidState() {
    String keyId = f.keyIn(KeyState.PENDING_DELETION);

    assertThat(
            f.error(
                KmsErrorType.INVALID_STATE,
                kms.updateKeyDescription,
                updateKeyDescription(keyId, "x")))
        .hasMessage(arn(keyId) + " is pending deletion.");
    assertThat(f.describe(keyId).description()).isEmpty();
  }

  // ------------------------------------------------------------------ what the state does

  @Test
  void disableKey_blocksCryptography_andEnableKeyRestoresIt_forOldCiphertexts() {
    String keyId = f.createKey();
    byte[] blob = f.encrypt(keyId, "secret");

    f.call(kms.disableKey, disableKey(keyId));
    assertThat(f.error(KmsErrorType.DISABLED, kms.decrypt, Requests.decrypt(blob)))
        .hasMessage(arn(keyId) + " is disabled.");

    f.call(kms.enableKey, enableKey(keyId));
    assertThat(f.decrypt(blob)).isEqualTo("secret");
  }

  @Test
  void enablingAnEnabledKey_orDisablingADisabledOne_writesNothing() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String enabled = faulty.createKey();
    String disabled = faulty.keyIn(KeyState.DISABLED);
    faulty.call(faulty.kms.updateKeyDescription, updateKeyDescription(enabled, "same"));
    // From here on a write would fail: the requests below succeed only if they write nothing.
    store.failing("update", FaultyKeyStore.unavailable());

    faulty.call(faulty.kms.enableKey, enableKey(enabled));
    faulty.call(faulty.kms.disableKey, disableKey(disabled));
    faulty.call(faulty.kms.updateKeyDescription, updateKeyDescription(enabled, "same"));
    faulty.error(KmsErrorType.DEPENDENCY_TIMEOUT, faulty.kms.disableKey, disableKey(enabled));
  }

  // ------------------------------------------------------------------ identifiers

  @Test
  void theyTakeAKeyArn() {
    String keyId = f.createKey();

    f.call(kms.disableKey, disableKey(arn(keyId)));
    f.call(kms.enableKey, enableKey(arn(keyId)));
    f.call(kms.updateKeyDescription, updateKeyDescription(arn(keyId), "by arn"));

    assertThat(f.describe(keyId).description()).isEqualTo("by arn");
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/state", "arn:aws:kms:us-east-1:111122223333:alias/state"})
  void theyRefuseAnAlias_asNotFound(String alias) {
    String keyId = f.createKey();
    f.createAlias("alias/state", keyId);

    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.enableKey, enableKey(alias)))
        .hasMessage("Invalid keyId '" + alias + "'");
    f.error(KmsErrorType.NOT_FOUND, kms.disableKey, disableKey(alias));
    f.error(KmsErrorType.NOT_FOUND, kms.updateKeyDescription, updateKeyDescription(alias, "x"));
    assertThat(f.state(keyId)).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void unknownKeys_areNotFound() {
    String unknown = "11111111-2222-3333-4444-555555555555";

    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.enableKey, enableKey(unknown)))
        .hasMessage("Key '" + arn(unknown) + "' does not exist");
    f.error(KmsErrorType.NOT_FOUND, kms.disableKey, disableKey("nope"));
    f.error(KmsErrorType.NOT_FOUND, kms.updateKeyDescription, updateKeyDescription(unknown, "x"));
    f.error(KmsErrorType.VALIDATION, kms.enableKey, enableKey(null));
    f.error(KmsErrorType.VALIDATION, kms.disableKey, disableKey(null));
  }

  // ------------------------------------------------------------------ limits

  @Test
  void updateKeyDescription_description_isRequired_0To8192Characters() {
    String keyId = f.createKey(Requests.createKey().description("before"));

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.updateKeyDescription,
                updateKeyDescription(keyId, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'description' failed to satisfy"
                + " constraint: Member must not be null");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.updateKeyDescription,
                updateKeyDescription(keyId, "x".repeat(8193))))
        .hasMessage(
            "1 validation error detected: Value at 'description' failed to satisfy constraint:"
                + " Member must have length less than or equal to 8192");
    assertThat(f.describe(keyId).description()).isEqualTo("before");

    f.call(kms.updateKeyDescription, updateKeyDescription(keyId, "x".repeat(8192)));
    assertThat(f.describe(keyId).description()).hasSize(8192);
    f.call(kms.updateKeyDescription, updateKeyDescription(keyId, ""));
    assertThat(f.describe(keyId).description()).isEmpty();
  }

  // ------------------------------------------------------------------ audit

  @Test
  void eachChange_isAudited_withTheKeyAsResource() {
    String keyId = f.createKey();

    f.call(kms.disableKey, disableKey(keyId));
    assertAudited("DisableKey", keyId);
    f.call(kms.enableKey, enableKey(keyId));
    assertAudited("EnableKey", keyId);
    f.call(kms.updateKeyDescription, updateKeyDescription(keyId, "audited"));
    assertAudited("UpdateKeyDescription", keyId);
    assertThat(f.lastAudit().requestParameters()).containsEntry("description", "audited");
  }

  @Test
  void aRefusedChange_isAudited_withTheError() {
    String keyId = f.keyIn(KeyState.PENDING_DELETION);

    f.error(KmsErrorType.INVALID_STATE, kms.disableKey, disableKey(keyId));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("DisableKey");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.errorCode()).isEqualTo("KMSInvalidStateException");
    assertThat(event.errorMessage()).isEqualTo(arn(keyId) + " is pending deletion.");
    assertThat(event.requestParameters()).containsEntry("keyId", keyId);
  }

  private void assertAudited(String eventName, String keyId) {
    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo(eventName);
    assertThat(event.readOnly()).isFalse();
    assertThat(event.errorCode()).isNull();
    assertThat(event.requestParameters()).containsEntry("keyId", keyId);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }
}
