package dev.serverlesskms.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The in-memory record of last uses: newer wins, bounded, saved at the interval or when full. */
class KeyLastUsageTrackerTest {
  private static final String HOME = "us-east-1";
  private static final String AWAY = "eu-west-1";
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  private final MutableClock clock = MutableClock.startingAt("2026-12-03T10:00:00Z");
  private final SavedUses saved = new SavedUses();
  private final KeyId key = KeyId.random();
  private final KeyId other = KeyId.random();

  /** A store's last uses per region, newer wins, as the store contract says. */
  private static final class SavedUses implements KeyLastUsageTracker.Saver {
    final Map<String, Map<KeyId, KeyLastUsage>> byRegion = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean down;

    @Override
    public void save(String region, Collection<KeyLastUsage> usages) {
      calls.add(region + ":" + usages.size());
      if (down) {
        throw new StoreUnavailableException("down", null);
      }
      usages.forEach(
          usage ->
              byRegion
                  .computeIfAbsent(region, r -> new ConcurrentHashMap<>())
                  .merge(usage.keyId(), usage, KeyLastUsageTracker::newerOf));
    }

    Optional<KeyLastUsage> find(String region, KeyId keyId) {
      return Optional.ofNullable(byRegion.getOrDefault(region, Map.of()).get(keyId));
    }
  }

  private KeyLastUsageTracker tracker(int maxPending) {
    return new KeyLastUsageTracker(
        saved, clock, new KeyLastUsageTracker.Settings(INTERVAL, maxPending));
  }

  private KeyLastUsage use(KeyId keyId, String operation, String at) {
    return new KeyLastUsage(
        keyId, operation, Instant.parse(at), "event-" + operation, "request-" + operation);
  }

  @Test
  void theNewerUseOfAKeyWins_whateverTheOrderUsesArrive() {
    KeyLastUsageTracker tracker = tracker(100);
    KeyLastUsage newer = use(key, "Sign", "2026-12-03T10:00:02Z");

    tracker.record(HOME, newer);
    tracker.record(HOME, use(key, "Encrypt", "2026-12-03T10:00:01Z"));

    assertThat(tracker.pending(HOME, key)).contains(newer);
    assertThat(tracker.pendingCount()).isEqualTo(1);
  }

  @Test
  void onATie_theUseRecordedLastWins() {
    KeyLastUsageTracker tracker = tracker(100);
    KeyLastUsage later = use(key, "Decrypt", "2026-12-03T10:00:01Z");

    tracker.record(HOME, use(key, "Encrypt", "2026-12-03T10:00:01Z"));
    tracker.record(HOME, later);

    assertThat(tracker.pending(HOME, key)).contains(later);
  }

  @Test
  void aKeyOfAnotherRegion_isHeldApart() {
    KeyLastUsageTracker tracker = tracker(100);
    KeyLastUsage home = use(key, "Encrypt", "2026-12-03T10:00:01Z");
    KeyLastUsage away = use(key, "Decrypt", "2026-12-03T10:00:02Z");

    tracker.record(HOME, home);
    tracker.record(AWAY, away);
    tracker.flush();

    assertThat(saved.find(HOME, key)).contains(home);
    assertThat(saved.find(AWAY, key)).contains(away);
    assertThat(saved.calls).containsExactlyInAnyOrder(HOME + ":1", AWAY + ":1");
  }

  @Test
  void usesWithinTheInterval_waitInMemory_andAreSavedByTheFirstRequestAfterIt() {
    KeyLastUsageTracker tracker = tracker(100);
    tracker.record(HOME, use(key, "Encrypt", "2026-12-03T10:00:01Z"));
    clock.advance(INTERVAL.minusSeconds(1));

    tracker.flushIfDue();
    assertThat(saved.calls).isEmpty();
    assertThat(tracker.pending(HOME, key)).isPresent();

    clock.advance(Duration.ofSeconds(1));
    tracker.flushIfDue();
    assertThat(saved.calls).containsExactly(HOME + ":1");
    assertThat(tracker.pending(HOME, key)).isEmpty();
    assertThat(saved.find(HOME, key)).map(KeyLastUsage::operation).contains("Encrypt");
  }

  @Test
  void theFirstUseAfterAQuietInterval_isSavedAtOnce_laterOnesWaitForTheNextInterval() {
    KeyLastUsageTracker tracker = tracker(100);
    clock.advance(INTERVAL.multipliedBy(5));

    tracker.record(HOME, use(key, "Encrypt", "2026-12-03T10:05:00Z"));
    tracker.flushIfDue();
    tracker.record(HOME, use(key, "Decrypt", "2026-12-03T10:05:01Z"));
    tracker.flushIfDue();

    assertThat(saved.calls).containsExactly(HOME + ":1");
    assertThat(saved.find(HOME, key)).map(KeyLastUsage::operation).contains("Encrypt");
    assertThat(tracker.pending(HOME, key)).map(KeyLastUsage::operation).contains("Decrypt");
  }

  @Test
  void withNothingHeld_noFlushIsMade() {
    KeyLastUsageTracker tracker = tracker(100);
    clock.advance(INTERVAL.multipliedBy(2));

    tracker.flushIfDue();
    assertThat(tracker.flush()).isEqualTo(new KeyLastUsageTracker.FlushResult(0, 0));

    assertThat(saved.calls).isEmpty();
  }

  @Test
  void aFullRecord_isFlushedEarly_byTheRequestThatFillsIt() {
    KeyLastUsageTracker tracker = tracker(3);
    tracker.record(HOME, use(KeyId.random(), "Encrypt", "2026-12-03T10:00:01Z"));
    tracker.record(HOME, use(KeyId.random(), "Encrypt", "2026-12-03T10:00:01Z"));
    assertThat(saved.calls).isEmpty();

    tracker.record(HOME, use(KeyId.random(), "Encrypt", "2026-12-03T10:00:01Z"));

    assertThat(saved.calls).containsExactly(HOME + ":3");
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void aFailedSave_keepsTheUses_forTheNextFlush() {
    KeyLastUsageTracker tracker = tracker(100);
    KeyLastUsage encrypt = use(key, "Encrypt", "2026-12-03T10:00:01Z");
    tracker.record(HOME, encrypt);
    saved.down = true;

    assertThat(tracker.flush()).isEqualTo(new KeyLastUsageTracker.FlushResult(0, 1));
    assertThat(tracker.pending(HOME, key)).contains(encrypt);

    saved.down = false;
    assertThat(tracker.flush()).isEqualTo(new KeyLastUsageTracker.FlushResult(1, 0));
    assertThat(saved.find(HOME, key)).contains(encrypt);
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void aFailedSaveInOneRegion_doesNotHoldBackAnother() {
    KeyLastUsageTracker tracker = tracker(100);
    KeyLastUsageTracker.Saver awayDown =
        (region, usages) -> {
          if (region.equals(AWAY)) {
            throw new StoreUnavailableException("down", null);
          }
          saved.save(region, usages);
        };
    KeyLastUsageTracker split =
        new KeyLastUsageTracker(awayDown, clock, new KeyLastUsageTracker.Settings(INTERVAL, 100));
    split.record(HOME, use(key, "Encrypt", "2026-12-03T10:00:01Z"));
    split.record(AWAY, use(other, "Encrypt", "2026-12-03T10:00:01Z"));

    assertThat(split.flush()).isEqualTo(new KeyLastUsageTracker.FlushResult(1, 1));
    assertThat(split.pending(HOME, key)).isEmpty();
    assertThat(split.pending(AWAY, other)).isPresent();
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void whileTheStoreStaysDown_theRecordStopsGrowingAtTwiceItsBound_butHeldKeysStillUpdate() {
    KeyLastUsageTracker tracker = tracker(2);
    saved.down = true;
    List<KeyId> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      keys.add(KeyId.random());
      tracker.record(HOME, use(keys.get(i), "Encrypt", "2026-12-03T10:00:01Z"));
    }
    assertThat(tracker.pendingCount()).isEqualTo(4);
    assertThat(tracker.dropped()).isEqualTo(2);
    assertThat(tracker.pending(HOME, keys.get(4))).isEmpty();

    KeyLastUsage newer = use(keys.get(0), "Decrypt", "2026-12-03T10:00:09Z");
    tracker.record(HOME, newer);

    assertThat(tracker.pending(HOME, keys.get(0))).contains(newer);
    assertThat(tracker.pendingCount()).isEqualTo(4);
    assertThat(tracker.dropped()).isEqualTo(2);

    saved.down = false;
    tracker.flush();
    assertThat(saved.find(HOME, keys.get(0))).contains(newer);
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void aUseRecordedWhileAFlushSaves_staysForTheNextFlush() {
    KeyLastUsage during = use(key, "Decrypt", "2026-12-03T10:00:05Z");
    KeyLastUsageTracker[] self = new KeyLastUsageTracker[1];
    KeyLastUsageTracker.Saver slowSave =
        (region, usages) -> {
          saved.save(region, usages);
          if (usages.stream().noneMatch(u -> u.equals(during))) {
            self[0].record(HOME, during);
          }
        };
    self[0] =
        new KeyLastUsageTracker(slowSave, clock, new KeyLastUsageTracker.Settings(INTERVAL, 100));
    self[0].record(HOME, use(key, "Encrypt", "2026-12-03T10:00:01Z"));

    self[0].flush();

    assertThat(self[0].pending(HOME, key)).contains(during);
    self[0].flush();
    assertThat(saved.find(HOME, key)).contains(during);
    assertThat(self[0].pendingCount()).isZero();
  }

  @Test
  void newer_answersTheNewerOfMemoryAndStore() {
    KeyLastUsage older = use(key, "Encrypt", "2026-12-03T10:00:01Z");
    KeyLastUsage newer = use(key, "Sign", "2026-12-03T10:00:02Z");

    assertThat(KeyLastUsageTracker.newer(Optional.of(older), Optional.of(newer))).contains(newer);
    assertThat(KeyLastUsageTracker.newer(Optional.of(newer), Optional.of(older))).contains(newer);
    assertThat(KeyLastUsageTracker.newer(Optional.empty(), Optional.of(older))).contains(older);
    assertThat(KeyLastUsageTracker.newer(Optional.of(older), Optional.empty())).contains(older);
    assertThat(KeyLastUsageTracker.newer(Optional.empty(), Optional.empty())).isEmpty();
  }
}
