package dev.serverlesskms.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.InMemoryKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one retry-on-conflict helper: retries, its jittered waits, and when it gives up. */
class KeyUpdaterTest {
  private static final String THROTTLED =
      "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

  private final InMemoryKeyStore inner = new InMemoryKeyStore();
  private final ContendedKeyStore store = new ContendedKeyStore(inner);
  private final List<Long> waits = new ArrayList<>();
  private final AtomicInteger changes = new AtomicInteger();
  private final KmsKey stored =
      inner.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
  private final KeyId keyId = stored.keyId();
  private final RecordingChangeRecord records = new RecordingChangeRecord();

  /** Makes a record per attempt from the changed key, and remembers which one was committed. */
  private static final class RecordingChangeRecord implements ChangeRecord {
    final List<KmsKey> madeFrom = new ArrayList<>();
    final List<OutboxRecord> made = new ArrayList<>();
    final List<OutboxRecord> committed = new ArrayList<>();

    @Override
    public OutboxRecord of(KmsKey changed) {
      madeFrom.add(changed);
      OutboxRecord record = KeyFixtures.auditRecord();
      made.add(record);
      return record;
    }

    @Override
    public void committed(OutboxRecord record) {
      committed.add(record);
    }
  }

  /** Always draws the longest wait allowed, so the bound itself shows. */
  private static final RandomGenerator LONGEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  private KeyUpdater updater(RandomGenerator random) {
    return new KeyUpdater(store, waits::add, random);
  }

  /** A change that counts its runs and sets the description. */
  private KmsKey describe(KmsKey key) {
    changes.incrementAndGet();
    return key.updateDescription("mine");
  }

  /** Another writer tagging the key, straight into the store. */
  private Runnable rivalTagging(String tagKey) {
    return () ->
        inner.update(
            inner.find(keyId).orElseThrow().tag(List.of(new Tag(tagKey, "v"))),
            KeyFixtures.auditRecord());
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void update_withoutARace_writesOnce_andWaitsNever() {
    KmsKey updated = updater(LONGEST).update(keyId, this::describe, records).orElseThrow();

    assertThat(updated.description()).isEqualTo("mine");
    assertThat(updated.revision()).isEqualTo(2);
    assertThat(inner.find(keyId).orElseThrow()).isEqualTo(updated);
    assertThat(changes).hasValue(1);
    assertThat(waits).isEmpty();
    assertThat(records.madeFrom).containsExactly(updated.toBuilder().revision(1).build());
    assertThat(records.committed).isEqualTo(records.made).hasSize(1);
    assertThat(inner.pendingRecords(10)).endsWith(records.made.get(0));
  }

  @Test
  void update_returningTheSameKey_writesNothing_andNoRecord() {
    int pendingBefore = inner.pendingRecords(10).size();

    KmsKey result = updater(LONGEST).update(keyId, key -> key, records).orElseThrow();

    assertThat(result.revision()).isEqualTo(1);
    assertThat(inner.find(keyId).orElseThrow().revision()).isEqualTo(1);
    assertThat(records.made).isEmpty();
    assertThat(records.committed).isEmpty();
    assertThat(inner.pendingRecords(10)).hasSize(pendingBefore);
  }

  @Test
  void update_ofAMissingKey_isEmpty_andRunsNoChange() {
    assertThat(updater(LONGEST).update(KeyId.random(), this::describe, records)).isEmpty();
    assertThat(changes).hasValue(0);
  }

  @Test
  void update_afterLostRaces_recomputesOnTheFreshKey_andLosesNoUpdate() {
    store.raceNextWrites(rivalTagging("a"), rivalTagging("b"), rivalTagging("c"));

    KmsKey updated = updater(LONGEST).update(keyId, this::describe, records).orElseThrow();

    assertThat(store.conflicts()).isEqualTo(3);
    assertThat(changes).as("the change re-runs on each fresh read").hasValue(4);
    assertThat(waits).hasSize(3);
    assertThat(updated.description()).isEqualTo("mine");
    assertThat(updated.tags())
        .as("every rival's write survives")
        .extracting(Tag::tagKey)
        .containsExactly("a", "b", "c");
    assertThat(updated.revision()).isEqualTo(5);
    assertThat(records.made).as("a record per attempt, from its own fresh key").hasSize(4);
    assertThat(records.madeFrom.get(3)).isEqualTo(updated.toBuilder().revision(4).build());
    assertThat(records.committed).containsExactly(records.made.get(3));
    assertThat(inner.pendingRecords(100))
        .as("the lost attempts' records were not stored")
        .doesNotContainAnyElementsOf(records.made.subList(0, 3))
        .contains(records.made.get(3));
  }

  @Test
  void waits_growAs2PowAttemptMillis_cappedAt50() {
    store.raceEveryWrite(rivalTagging("hot"));

    assertThatThrownBy(() -> updater(LONGEST).update(keyId, this::describe, records))
        .isInstanceOf(KmsException.class);

    assertThat(waits).containsExactly(2L, 4L, 8L, 16L, 32L, 50L, 50L, 50L, 50L);
  }

  @Test
  void waits_areFullJitter_randomFromZeroToTheBound() {
    store.raceEveryWrite(rivalTagging("hot"));
    KeyUpdater updater = updater(new SplittableRandom(8));
    List<Set<Long>> seenPerAttempt = new ArrayList<>();
    for (int run = 0; run < 40; run++) {
      waits.clear();
      assertThatThrownBy(() -> updater.update(keyId, this::describe, records))
          .isInstanceOf(KmsException.class);
      for (int attempt = 1; attempt <= waits.size(); attempt++) {
        long wait = waits.get(attempt - 1);
        assertThat(wait).isBetween(0L, KeyUpdater.maxBackoffMillis(attempt));
        if (seenPerAttempt.size() < attempt) {
          seenPerAttempt.add(new HashSet<>());
        }
        seenPerAttempt.get(attempt - 1).add(wait);
      }
    }

    assertThat(seenPerAttempt).hasSize(KeyUpdater.MAX_ATTEMPTS - 1);
    assertThat(seenPerAttempt.get(KeyUpdater.MAX_ATTEMPTS - 2))
        .as("racing writers do not wait in lockstep")
        .hasSizeGreaterThan(10);
  }

  @Test
  void update_stillLosingAfterTenAttempts_isThrottlingException() {
    store.raceEveryWrite(rivalTagging("hot"));

    assertThatThrownBy(() -> updater(LONGEST).update(keyId, this::describe, records))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.THROTTLING))
        .hasMessage(THROTTLED);

    assertThat(changes).hasValue(KeyUpdater.MAX_ATTEMPTS);
    assertThat(store.conflicts()).isEqualTo(KeyUpdater.MAX_ATTEMPTS);
    assertThat(inner.find(keyId).orElseThrow().description()).isEmpty();
  }

  @Test
  void storeOutage_propagatesAtOnce_withoutRetry() {
    store.raceNextWrites(
        () -> {
          throw new StoreUnavailableException("down", null);
        });

    assertThatThrownBy(() -> updater(LONGEST).update(keyId, this::describe, records))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(changes).hasValue(1);
    assertThat(waits).isEmpty();
    assertThat(records.committed).isEmpty();
    assertThat(inner.pendingRecords(10)).doesNotContainAnyElementsOf(records.made);
  }

  @Test
  void aRefusedChange_propagatesAtOnce_andWritesNothing() {
    KmsKey disabled = inner.update(stored.disable(), KeyFixtures.auditRecord());
    assertThat(disabled.revision()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                updater(LONGEST)
                    .update(keyId, key -> key.enableRotation(90, key.creationDate()), records))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.DISABLED));
    assertThat(inner.find(keyId).orElseThrow().revision()).isEqualTo(2);
    assertThat(waits).isEmpty();
  }

  @Test
  void interruptedWhileWaiting_isAnInternalError_thatKeepsTheInterrupt() {
    store.raceEveryWrite(rivalTagging("hot"));
    KeyUpdater updater =
        new KeyUpdater(
            store,
            millis -> {
              throw new InterruptedException();
            },
            LONGEST);

    assertThatThrownBy(() -> updater.update(keyId, this::describe, records))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.INTERNAL));
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void retryOnConflict_rerunsAnyAttempt_untilItWins() {
    AtomicInteger attempts = new AtomicInteger();

    String result =
        updater(LONGEST)
            .retryOnConflict(
                () -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new StoreConflictException("lost");
                  }
                  return "won";
                });

    assertThat(result).isEqualTo("won");
    assertThat(waits).containsExactly(2L, 4L);
  }
}
