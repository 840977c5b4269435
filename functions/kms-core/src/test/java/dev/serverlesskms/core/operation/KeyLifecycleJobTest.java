package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.enableKeyRotation;
import static dev.serverlesskms.core.operation.Requests.getKeyRotationStatus;
import static dev.serverlesskms.core.operation.Requests.listKeyRotations;
import static dev.serverlesskms.core.operation.Requests.scheduleKeyDeletion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GetKeyRotationStatusResponse;
import dev.serverlesskms.core.api.ListKeyRotationsResponse;
import dev.serverlesskms.core.api.RotationsListEntry;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.lifecycle.KeyMaterialExpiryReport;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import dev.serverlesskms.testkit.FaultyKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled lifecycle job ({@code KeyLifecycleJob}) on a clock the test moves: automatic
 * rotation, deletion at the end of the waiting period (with aliases), expiry of imported material,
 * each done once, audited as a service event, one failing key not stopping the others; and the
 * expiry countdown metric ({@code KeyMaterialExpiryReport}).
 */
class KeyLifecycleJobTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ rotation

  @Test
  void
      automaticAndOnDemandRotation_newEncryptionsUseTheNewestMaterial_andEveryCiphertextDecrypts() {
    String keyId = f.createKey();
    List<byte[]> blobs = new ArrayList<>();
    List<String> materials = new ArrayList<>();
    encryptInto(keyId, "version 1", blobs, materials);

    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    assertThat(status(keyId).nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(90)));

    f.advance(Duration.ofDays(91));
    LifecycleSummary summary = run();
    assertThat(summary.rotated()).isEqualTo(1);
    encryptInto(keyId, "version 2", blobs, materials);
    assertThat(status(keyId).nextRotationDate()).isEqualTo(f.now().plus(Duration.ofDays(90)));

    f.call(kms.rotateKeyOnDemand, Requests.rotateKeyOnDemand(keyId));
    encryptInto(keyId, "version 3", blobs, materials);

    assertThat(materials).doesNotHaveDuplicates();
    for (int i = 0; i < blobs.size(); i++) {
      assertThat(f.decrypt(blobs.get(i))).isEqualTo("version " + (i + 1));
      assertThat(f.call(kms.decrypt, Requests.decrypt(blobs.get(i))).keyMaterialId())
          .isEqualTo(materials.get(i));
    }
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly("AUTOMATIC", "ON_DEMAND");
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId, null, 1, null)).truncated())
        .isTrue();
    assertThat(f.describe(keyId).currentKeyMaterialId()).isEqualTo(materials.get(2));
  }

  @Test
  void rotation_isAuditedAsAServiceEvent() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    f.advance(Duration.ofDays(90));
    f.test.audit().clear();

    run();

    assertThat(f.audit()).hasSize(1);
    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("RotateKey");
    assertThat(event.eventType()).isEqualTo("AwsServiceEvent");
    assertThat(event.readOnly()).isFalse();
    assertThat(event.eventTime()).isEqualTo(f.now());
    assertThat(event.errorCode()).isNull();
    assertThat(event.userIdentity().type()).isEqualTo("AWSService");
    assertThat(event.userIdentity().invokedBy()).isEqualTo("kms.amazonaws.com");
    assertThat(event.sourceIpAddress()).isEqualTo("kms.amazonaws.com");
    assertThat(event.requestParameters()).isEqualTo(Map.of("keyId", keyId));
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }

  @Test
  void rotation_happensOnItsDate_once_howeverOftenTheJobRuns() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));

    f.advance(Duration.ofDays(90).minusSeconds(1));
    assertThat(run().rotated()).isZero();
    f.advance(Duration.ofSeconds(1));
    assertThat(run().rotated()).isEqualTo(1);
    assertThat(run().rotated()).isZero();

    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations()).hasSize(1);
  }

  @Test
  void rotation_isPausedWhileTheKeyIsDisabled_andHappensOnTheNextRunAfterReEnabling() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    f.disable(keyId);
    f.advance(Duration.ofDays(100));

    assertThat(run().rotated()).isZero();
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations()).isEmpty();

    f.call(kms.enableKey, Requests.enableKey(keyId));
    assertThat(run().rotated()).isEqualTo(1);
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations()).hasSize(1);
  }

  @Test
  void aKeyPendingDeletion_isNotRotated() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    f.scheduleDeletion(keyId);
    f.advance(Duration.ofDays(29));

    assertThat(run().rotated()).isZero();
  }

  @Test
  void anAsymmetricOrHmacKey_isNeverRotated_evenStoredWithRotationOn() {
    RotationSchedule on =
        new RotationSchedule(true, 90, f.now().plus(Duration.ofDays(90)), null, 0);
    String signing =
        f.seedKey(
            key -> key.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY).rotation(on));
    String mac =
        f.seedKey(
            key ->
                key.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC).rotation(on));
    f.advance(Duration.ofDays(91));

    assertThat(run().rotated()).isZero();
    assertThat(f.test.store().find(new KeyId(signing)).orElseThrow().versions()).hasSize(1);
    assertThat(f.test.store().find(new KeyId(mac)).orElseThrow().versions()).hasSize(1);
  }

  // ------------------------------------------------------------------ deletion

  @Test
  void deletion_happensAtTheEndOfTheWindow_withTheKeysAliases_andIsAudited() {
    String keyId = f.createKey();
    f.createAlias("alias/doomed", keyId);
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));

    f.advance(Duration.ofDays(6));
    assertThat(run().deleted()).isZero();
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_DELETION);

    f.advance(Duration.ofDays(1).plusSeconds(1));
    LifecycleSummary summary = run();

    assertThat(summary.deleted()).isEqualTo(1);
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(keyId)))
        .hasMessage("Key '" + arn(keyId) + "' does not exist");
    f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey("alias/doomed"));
    assertThat(f.call(kms.listKeys, Requests.listKeys(1000, null)).keys()).isEmpty();
    // no alias is left but the predefined alias/aws/ ones, which name no key
    assertThat(f.call(kms.listAliases, Requests.listAliases(null, null, null)).aliases())
        .allSatisfy(entry -> assertThat(entry.targetKeyId()).isNull());
    assertThat(f.audit())
        .filteredOn(e -> e.eventName().equals("DeleteKey"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.userIdentity().type()).isEqualTo("AWSService");
              assertThat(e.resources())
                  .extracting(AuditEvent.Resource::arn)
                  .containsExactly(arn(keyId));
            });
  }

  @Test
  void aCancelledDeletion_doesNotHappen() {
    String keyId = f.createKey();
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));
    f.call(kms.cancelKeyDeletion, Requests.cancelKeyDeletion(keyId));
    f.advance(Duration.ofDays(8));

    assertThat(run().deleted()).isZero();
    assertThat(f.state(keyId)).isEqualTo(KeyState.DISABLED);
  }

  @Test
  void everyDueKey_isProcessed_beyondOnePageOfTheDueIndex() {
    for (int i = 0; i < 120; i++) {
      f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(f.createKey(), 7));
    }
    f.advance(Duration.ofDays(7));

    assertThat(run().deleted()).isEqualTo(120);
    assertThat(f.call(kms.listKeys, Requests.listKeys(1000, null)).keys()).isEmpty();
  }

  // ------------------------------------------------------------------ expiry of imported material

  @Test
  void importedMaterial_expiresOnSchedule_andOnlyTheSameMaterialBringsTheKeyBack() {
    String keyId = f.externalKey();
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    f.importMaterial(keyId, material, f.now().plus(Duration.ofDays(20)));
    byte[] blob = f.encrypt(keyId, "before expiry");

    f.advance(Duration.ofDays(20).minusSeconds(1));
    assertThat(run().expired()).isZero();
    f.advance(Duration.ofSeconds(2));
    LifecycleSummary summary = run();

    assertThat(summary.expired()).isEqualTo(1);
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(f.error(KmsErrorType.INVALID_STATE, kms.decrypt, Requests.decrypt(blob)))
        .hasMessage(arn(keyId) + " is pending import.");
    assertThat(f.audit())
        .filteredOn(e -> e.eventName().equals("DeleteExpiredKeyMaterial"))
        .singleElement()
        .satisfies(e -> assertThat(e.eventType()).isEqualTo("AwsServiceEvent"));

    f.importMaterial(keyId, material, null);
    assertThat(f.decrypt(blob)).isEqualTo("before expiry");
    assertThat(f.describe(keyId).validTo()).isNull();
    assertThat(run().expired()).isZero();
  }

  @Test
  void materialOfAKeyPendingDeletion_expiresFirst_thenTheKeyIsDeleted() {
    String keyId = f.externalKey();
    f.importMaterial(
        keyId, CustomerKeyWrapping.randomMaterial(32), f.now().plus(Duration.ofDays(5)));
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 30));

    f.advance(Duration.ofDays(6));
    assertThat(run().expired()).isEqualTo(1);
    assertThat(f.state(keyId)).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(f.describe(keyId).currentKeyMaterialId()).isNull();

    f.advance(Duration.ofDays(25));
    assertThat(run().deleted()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ one run

  @Test
  void aRun_doesWhatIsDue_andTheNextRunFindsNothing() {
    String rotating = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(rotating, 90));
    String deleting = f.createKey();
    f.call(kms.scheduleKeyDeletion, scheduleKeyDeletion(deleting, 7));
    f.createKey();
    f.advance(Duration.ofDays(91));

    LifecycleSummary summary = run();

    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(summary.deleted()).isEqualTo(1);
    assertThat(summary.expired()).isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.succeeded()).isTrue();
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(rotating)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly("AUTOMATIC");
    f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(deleting));

    f.test.audit().clear();
    LifecycleSummary again = run();
    assertThat(again.rotated() + again.deleted() + again.expired()).isZero();
    assertThat(f.audit()).isEmpty();
  }

  @Test
  void aKeyThatFails_isReported_andTheOthersAreStillProcessed() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String broken = faulty.createKey();
    String healthy = faulty.createKey();
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(broken, 90));
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(healthy, 90));
    faulty.advance(Duration.ofDays(90));
    store.failing(
        "update", FaultyKeyStore.key(new KeyId(broken)), FaultyKeyStore.unavailable(), -1);

    LifecycleSummary summary = faulty.test.lifecycleJob().run();

    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(summary.succeeded()).isFalse();
    assertThat(summary.failures()).singleElement().asString().startsWith(broken + ": ");
    assertThat(rotations(faulty, healthy)).hasSize(1);
    assertThat(rotations(faulty, broken)).isEmpty();

    store.heal();
    assertThat(faulty.test.lifecycleJob().run().rotated()).isEqualTo(1);
    assertThat(rotations(faulty, broken)).hasSize(1);
  }

  @Test
  void aLostRace_isRetried_andTheActionHappensOnce() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String keyId = faulty.createKey();
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    faulty.advance(Duration.ofDays(90));
    store.failing("update", FaultyKeyStore.conflict(), 2);

    LifecycleSummary summary = faulty.test.lifecycleJob().run();

    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(summary.succeeded()).isTrue();
    assertThat(rotations(faulty, keyId)).hasSize(1);
  }

  @Test
  void twoRunsRacingOnOneKey_rotateItOnce() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String keyId = faulty.createKey();
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    faulty.advance(Duration.ofDays(90));
    List<LifecycleSummary> other = new ArrayList<>();
    // The other run writes first, in between this run's read and its write.
    store.failing(
        "update",
        argument -> true,
        () -> {
          other.add(faulty.test.lifecycleJob().run());
          return FaultyKeyStore.conflict().get();
        },
        1);

    LifecycleSummary summary = faulty.test.lifecycleJob().run();

    assertThat(other).singleElement().satisfies(s -> assertThat(s.rotated()).isEqualTo(1));
    assertThat(summary.rotated()).isZero();
    assertThat(summary.succeeded()).isTrue();
    assertThat(rotations(faulty, keyId)).hasSize(1);
    assertThat(faulty.audit()).filteredOn(e -> e.eventName().equals("RotateKey")).hasSize(1);
  }

  @Test
  void twoRunsRacingToDeleteOneKey_deleteItOnce() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String keyId = faulty.createKey();
    faulty.call(faulty.kms.scheduleKeyDeletion, scheduleKeyDeletion(keyId, 7));
    faulty.advance(Duration.ofDays(7));
    List<LifecycleSummary> other = new ArrayList<>();
    store.failing(
        "delete",
        argument -> true,
        () -> {
          other.add(faulty.test.lifecycleJob().run());
          return FaultyKeyStore.conflict().get();
        },
        1);

    LifecycleSummary summary = faulty.test.lifecycleJob().run();

    assertThat(other).singleElement().satisfies(s -> assertThat(s.deleted()).isEqualTo(1));
    assertThat(summary.deleted()).isZero();
    assertThat(summary.succeeded()).isTrue();
    assertThat(faulty.audit()).filteredOn(e -> e.eventName().equals("DeleteKey")).hasSize(1);
  }

  @Test
  void aKeyStillContendedAfterEveryRetry_isReportedAsFailed_andLeftDue() {
    FaultyKeyStore store = new FaultyKeyStore(new InMemoryKeyStore());
    KmsFixture faulty = KmsFixture.on(store);
    String keyId = faulty.createKey();
    faulty.call(faulty.kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    faulty.advance(Duration.ofDays(90));
    store.failing("update", FaultyKeyStore.conflict());

    LifecycleSummary summary = faulty.test.lifecycleJob().run();

    assertThat(summary.rotated()).isZero();
    assertThat(summary.failures()).singleElement().asString().startsWith(keyId + ": ");
    store.heal();
    assertThat(faulty.test.lifecycleJob().run().rotated()).isEqualTo(1);
  }

  @Test
  void whenTheAuditSinkRefuses_theRotationKeepsItsRecord_deliveredOnceTheSinkIsBack() {
    String keyId = f.createKey();
    f.call(kms.enableKeyRotation, enableKeyRotation(keyId, 90));
    f.advance(Duration.ofDays(90));
    f.test.audit().clear();
    f.test.audit().refuse(true);
    assertThat(run().rotated()).isEqualTo(1);
    f.test.audit().refuse(false);
    f.test.kms().auditRelay().drain();

    assertThat(f.test.audit().events()).extracting(e -> e.eventName()).containsExactly("RotateKey");
    assertThat(f.call(kms.listKeyRotations, listKeyRotations(keyId)).rotations()).hasSize(1);
    assertThat(run().rotated()).as("the next run finds nothing due").isZero();
  }

  // ------------------------------------------------------------------ expiry countdown metric

  @Test
  void expiryReport_publishesTheCountdown_ofMaterialExpiringWithin30Days() {
    String soon = f.externalKey();
    f.importMaterial(
        soon, CustomerKeyWrapping.randomMaterial(32), f.now().plus(Duration.ofDays(10)));
    String later = f.externalKey();
    f.importMaterial(
        later, CustomerKeyWrapping.randomMaterial(32), f.now().plus(Duration.ofDays(31)));
    f.importMaterial(f.externalKey(), CustomerKeyWrapping.randomMaterial(32), null);
    f.call(kms.enableKeyRotation, enableKeyRotation(f.createKey(), 90));
    List<String> metrics = new ArrayList<>();
    KeyMaterialExpiryReport report =
        new KeyMaterialExpiryReport(
            f.test.environment(),
            (name, value, unit, dimensions) ->
                metrics.add(name + " " + (long) value + " " + unit + " " + dimensions));

    assertThat(report.run()).isEqualTo(1);
    assertThat(metrics)
        .containsExactly(
            "SecondsUntilKeyMaterialExpiration "
                + Duration.ofDays(10).toSeconds()
                + " Seconds "
                + Map.of("KeyId", soon));

    metrics.clear();
    f.advance(Duration.ofDays(10));
    assertThat(report.run()).isEqualTo(1);
    assertThat(metrics)
        .containsExactly(
            "SecondsUntilKeyMaterialExpiration "
                + Duration.ofDays(21).toSeconds()
                + " Seconds "
                + Map.of("KeyId", later));
  }

  // ------------------------------------------------------------------ helpers

  private LifecycleSummary run() {
    return f.test.lifecycleJob().run();
  }

  private void encryptInto(String keyId, String text, List<byte[]> blobs, List<String> materials) {
    byte[] blob = f.encrypt(keyId, text);
    blobs.add(blob);
    materials.add(f.call(kms.decrypt, Requests.decrypt(blob)).keyMaterialId());
  }

  private GetKeyRotationStatusResponse status(String keyId) {
    return f.call(kms.getKeyRotationStatus, getKeyRotationStatus(keyId));
  }

  private static List<RotationsListEntry> rotations(KmsFixture fixture, String keyId) {
    ListKeyRotationsResponse response =
        fixture.call(fixture.kms.listKeyRotations, listKeyRotations(keyId));
    return response.rotations();
  }
}
