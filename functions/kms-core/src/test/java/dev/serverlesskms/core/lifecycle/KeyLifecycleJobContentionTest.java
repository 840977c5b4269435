package dev.serverlesskms.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CancelKeyDeletionRequest;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.store.ContendedKeyStore;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle job racing other writers on one key: the operations (through the real {@code Kms})
 * and another run of the job. Whatever the interleaving, each due action happens exactly once and
 * no other writer's change is lost, because the job and the operations share the store's revision
 * check and the same retry helper.
 */
class KeyLifecycleJobContentionTest {
  private final ContendedKeyStore store = new ContendedKeyStore(new InMemoryKeyStore());
  private final TestKms test = TestKms.on(store, new TestEnclave());
  private final AtomicInteger rivals = new AtomicInteger();

  @Test
  void rotationRacingTagWrites_rotatesOnce_andKeepsEveryTag() {
    String keyId = rotationDueKey();
    store.raceNextWrites(tagging(keyId), tagging(keyId), tagging(keyId));

    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(summary.rotated()).isEqualTo(1);
    assertThat(summary.failures()).isEmpty();
    assertThat(store.conflicts()).as("the job lost three races and retried").isEqualTo(3);
    KmsKey key = stored(keyId);
    assertThat(key.versions()).as("exactly one new version").hasSize(2);
    assertThat(key.tags())
        .extracting(Tag::tagKey)
        .containsExactly("writer-1", "writer-2", "writer-3");
    assertThat(events("RotateKey")).hasSize(1);
    assertThat(events("TagResource")).hasSize(3);
  }

  @Test
  void twoRunsRacingOnADueRotation_rotateOnce() {
    String keyId = rotationDueKey();
    List<LifecycleSummary> rivalRuns = new ArrayList<>();
    store.raceNextWrites(() -> rivalRuns.add(test.lifecycleJob().run()));

    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(rivalRuns).singleElement().extracting(LifecycleSummary::rotated).isEqualTo(1);
    assertThat(summary.rotated()).as("the loser re-reads and finds nothing due").isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(stored(keyId).versions()).hasSize(2);
    assertThat(events("RotateKey")).hasSize(1);
  }

  @Test
  void twoRunsRacingOnADueDeletion_deleteOnce() {
    String keyId = deletionDueKey();
    List<LifecycleSummary> rivalRuns = new ArrayList<>();
    store.raceNextWrites(() -> rivalRuns.add(test.lifecycleJob().run()));

    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(rivalRuns).singleElement().extracting(LifecycleSummary::deleted).isEqualTo(1);
    assertThat(summary.deleted()).isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(store.find(new KeyId(keyId))).isEmpty();
    assertThat(events("DeleteKey")).hasSize(1);
  }

  @Test
  void cancellationLandingBeforeTheDeletion_wins_andTheKeyStays() {
    String keyId = deletionDueKey();
    store.raceNextWrites(
        () -> test.call(test.kms().cancelKeyDeletion, new CancelKeyDeletionRequest(keyId)));

    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(summary.deleted()).isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(stored(keyId).state()).isEqualTo(KeyState.DISABLED);
    assertThat(events("DeleteKey")).isEmpty();
  }

  @Test
  void expiryRacingTagWrites_expiresOnce_andKeepsEveryTag() {
    KmsKey expiring =
        store.create(
            KeyFixtures.keyExpiringAt(test.clock().instant().plus(Duration.ofDays(1))),
            KeyFixtures.auditRecord());
    String keyId = expiring.keyId().value();
    test.clock().advance(Duration.ofDays(2));
    store.raceNextWrites(tagging(keyId), tagging(keyId));

    LifecycleSummary summary = test.lifecycleJob().run();

    assertThat(summary.expired()).isEqualTo(1);
    assertThat(summary.failures()).isEmpty();
    KmsKey key = stored(keyId);
    assertThat(key.state()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(key.versions()).isEmpty();
    assertThat(key.tags()).extracting(Tag::tagKey).containsExactly("writer-1", "writer-2");
    assertThat(events("DeleteExpiredKeyMaterial")).hasSize(1);
  }

  @Test
  void aKeyTooHotToChange_isReportedAsThrottled_andRotatedOnceByTheNextRun() {
    String keyId = rotationDueKey();
    store.raceEveryWrite(tagging(keyId));

    LifecycleSummary throttled = test.lifecycleJob().run();

    assertThat(throttled.rotated()).isZero();
    assertThat(throttled.failures()).containsExactly(keyId + ": ThrottlingException");
    assertThat(stored(keyId).versions()).hasSize(1);
    assertThat(stored(keyId).tags()).as("every rival write kept").hasSize(10);

    store.calm();
    LifecycleSummary next = test.lifecycleJob().run();

    assertThat(next.rotated()).isEqualTo(1);
    assertThat(stored(keyId).versions()).hasSize(2);
    assertThat(events("RotateKey")).hasSize(1);
  }

  /** A rival writer: TagResource through the KMS, a new tag each time. */
  private Runnable tagging(String keyId) {
    return () ->
        test.call(
            test.kms().tagResource,
            new TagResourceRequest(
                keyId, List.of(new Tag("writer-" + rivals.incrementAndGet(), "v"))));
  }

  private String rotationDueKey() {
    String keyId = createKey();
    test.call(test.kms().enableKeyRotation, new EnableKeyRotationRequest(keyId, 90));
    test.clock().advance(Duration.ofDays(91));
    return keyId;
  }

  private String deletionDueKey() {
    String keyId = createKey();
    test.call(test.kms().scheduleKeyDeletion, new ScheduleKeyDeletionRequest(keyId, 7));
    test.clock().advance(Duration.ofDays(8));
    return keyId;
  }

  private String createKey() {
    return test.call(
            test.kms().createKey,
            new CreateKeyRequest(null, null, null, null, null, null, null, null, null, null, null))
        .keyMetadata()
        .keyId();
  }

  private KmsKey stored(String keyId) {
    return store.find(new KeyId(keyId)).orElseThrow();
  }

  private List<AuditEvent> events(String eventName) {
    return test.audit().events().stream().filter(e -> e.eventName().equals(eventName)).toList();
  }
}
