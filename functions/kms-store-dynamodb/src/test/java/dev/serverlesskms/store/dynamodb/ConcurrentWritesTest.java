package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers racing on one key, as rotation, disabling and deletion may: exactly one of several
 * updates made from the same read wins and the others write nothing; and readers never see a key
 * half updated.
 */
class ConcurrentWritesTest extends LocalTableTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  @Timeout(60)
  void rotationsFromTheSameRead_exactlyOneWins_andOnlyItsVersionIsStored() throws Exception {
    for (int round = 0; round < 10; round++) {
      KmsKey read = store.create(enabledKey().build(), KeyFixtures.auditRecord());
      List<KmsKey> attempts = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        attempts.add(KeyFixtures.withNewVersion(read, NOW.plusSeconds(writer)));
      }

      List<KmsKey> results = raceUpdates(attempts);

      List<KmsKey> winners = results.stream().filter(r -> r != null).toList();
      assertThat(winners).as("round %d", round).hasSize(1);
      KmsKey stored = store.find(read.keyId()).orElseThrow();
      assertThat(stored).isEqualTo(winners.get(0));
      assertThat(stored.revision()).isEqualTo(2);
      assertThat(rawSortKeys(read.keyId()))
          .containsExactly("ACTIVITY", "META", "V#0000000001", "V#0000000002");
    }
  }

  @Test
  @Timeout(60)
  void readersDuringRotations_alwaysSeeAWholeRevision() throws Exception {
    // Every update adds one version, so a whole key has exactly as many versions as its revision.
    KmsKey key = store.create(enabledKey().build(), KeyFixtures.auditRecord());
    AtomicBoolean writing = new AtomicBoolean(true);
    Future<Integer> reader =
        pool.submit(
            () -> {
              int reads = 0;
              while (writing.get()) {
                KmsKey seen = store.find(key.keyId()).orElseThrow();
                assertThat(seen.versions()).hasSize((int) seen.revision());
                reads++;
              }
              return reads;
            });

    KmsKey current = key;
    for (int i = 0; i < 30; i++) {
      current =
          store.update(
              KeyFixtures.withNewVersion(current, NOW.plusSeconds(i)), KeyFixtures.auditRecord());
    }
    writing.set(false);

    assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(store.find(key.keyId()).orElseThrow().versions()).hasSize(31);
  }

  @Test
  void find_whoseQueryMissedTheNewestVersion_queriesAgain_andReturnsTheWholeKey() {
    KmsKey key =
        store.update(
            KeyFixtures.withNewVersion(
                store.create(enabledKey().build(), KeyFixtures.auditRecord()), NOW),
            KeyFixtures.auditRecord());
    HOOKS.tearNextQuery();
    LOG.clear();

    KmsKey found = store.find(key.keyId()).orElseThrow();

    assertThat(found).isEqualTo(key);
    assertThat(LOG.kinds()).containsExactly("QueryRequest", "QueryRequest");
  }

  /**
   * Sends the updates at the same moment; a result is null where the update lost with a conflict.
   */
  private List<KmsKey> raceUpdates(List<KmsKey> updates) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<KmsKey>> futures = new ArrayList<>();
    for (KmsKey update : updates) {
      Callable<KmsKey> task =
          () -> {
            start.await();
            try {
              return store.update(update, KeyFixtures.auditRecord());
            } catch (StoreConflictException lost) {
              return null;
            }
          };
      futures.add(pool.submit(task));
    }
    start.countDown();
    List<KmsKey> results = new ArrayList<>();
    for (Future<KmsKey> future : futures) {
      results.add(future.get(30, TimeUnit.SECONDS));
    }
    return results;
  }
}
