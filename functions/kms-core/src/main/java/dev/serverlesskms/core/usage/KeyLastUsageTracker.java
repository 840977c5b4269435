package dev.serverlesskms.core.usage;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last use of each key, kept in memory and saved to the key store at a coarse interval, so that
 * a cryptographic request costs no store write (GetKeyLastUsage).
 *
 * <p>The dispatcher {@link #record records} each successful tracked request; the newer use of a key
 * replaces the older. What is held is saved ({@link #flush}) by whichever comes first:
 *
 * <ul>
 *   <li>{@link #flushIfDue}, after a request, once {@link Settings#flushInterval} has passed since
 *       the last flush: the only way in Lambda, where a frozen instance runs no timer (the first
 *       use after a quiet interval is saved at once; later ones within the interval wait for the
 *       next request after it);
 *   <li>a timer and the shutdown of the local server, which call {@link #flush};
 *   <li>{@link Settings#maxPending} keys held: the request that fills the record flushes early.
 * </ul>
 *
 * A flush that fails (the store is down) keeps what it could not save for the next one. Should the
 * store stay down until twice {@code maxPending} keys are held, uses of further keys are dropped
 * (counted in {@link #dropped}) rather than held without bound; uses of keys already held still
 * replace theirs.
 *
 * <p>A saved use leaves memory; GetKeyLastUsage answers the newer of {@link #pending} and the
 * store's ({@link #newer}). A use is saved only if newer than the stored one, so instances flushing
 * in any order never move a key's last use back.
 */
public final class KeyLastUsageTracker {
  private static final System.Logger LOG = System.getLogger(KeyLastUsageTracker.class.getName());

  /**
   * How the record is kept.
   *
   * @param flushInterval the longest a use waits in memory while requests keep coming (the
   *     resolution of GetKeyLastUsage across instances and restarts)
   * @param maxPending the number of keys held that makes a request flush early
   */
  public record Settings(Duration flushInterval, int maxPending) {
    /** One minute, ten thousand keys. */
    public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(1), 10_000);

    public Settings {
      Objects.requireNonNull(flushInterval, "flushInterval");
      if (flushInterval.isNegative() || maxPending < 1) {
        throw new IllegalArgumentException("flushInterval >= 0 and maxPending >= 1");
      }
    }
  }

  /** Saves uses of keys of one region (that region's {@code KeyStore#saveKeyLastUsage}). */
  @FunctionalInterface
  public interface Saver {
    void save(String region, Collection<KeyLastUsage> usages);
  }

  /** What a flush did. */
  public record FlushResult(int saved, int kept) {}

  private record Slot(String region, KeyId keyId) {}

  private final Saver saver;
  private final Clock clock;
  private final Settings settings;
  private final Map<Slot, KeyLastUsage> pending = new ConcurrentHashMap<>();
  private final ReentrantLock flushing = new ReentrantLock();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Instant lastFlush;

  /**
   * @param clock measures the interval (the first flush is due one interval after construction)
   */
  public KeyLastUsageTracker(Saver saver, Clock clock, Settings settings) {
    this.saver = Objects.requireNonNull(saver, "saver");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.lastFlush = clock.instant();
  }

  /**
   * Notes a successful use of a key in {@code region}, keeping the newer of it and the one held
   * (the later one on a tie: the request that finished last). Flushes early when the record is
   * full.
   */
  public void record(String region, KeyLastUsage usage) {
    Slot slot = new Slot(region, usage.keyId());
    if (pending.size() >= 2 * settings.maxPending() && !pending.containsKey(slot)) {
      dropped.incrementAndGet();
      return;
    }
    pending.merge(slot, usage, KeyLastUsageTracker::newerOf);
    if (pending.size() >= settings.maxPending()) {
      tryFlush();
    }
  }

  /** The use of a key held in memory and not yet saved, if any. */
  public Optional<KeyLastUsage> pending(String region, KeyId keyId) {
    return Optional.ofNullable(pending.get(new Slot(region, keyId)));
  }

  /** The number of keys whose use is held and not yet saved. */
  public int pendingCount() {
    return pending.size();
  }

  /** Uses not recorded because the record was full and could not be saved. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Flushes if an interval has passed since the last flush and none is running; never throws (a
   * failure is logged and what was held is kept). Called after each request.
   */
  public void flushIfDue() {
    if (!pending.isEmpty() && !clock.instant().isBefore(lastFlush.plus(settings.flushInterval()))) {
      tryFlush();
    }
  }

  private void tryFlush() {
    if (flushing.tryLock()) {
      try {
        flushHeld();
      } finally {
        flushing.unlock();
      }
    }
  }

  /**
   * Saves everything held, region by region, waiting for a flush already running; never throws. A
   * region whose save fails keeps its uses for the next flush.
   */
  public FlushResult flush() {
    flushing.lock();
    try {
      return flushHeld();
    } finally {
      flushing.unlock();
    }
  }

  private FlushResult flushHeld() {
    lastFlush = clock.instant();
    Map<String, Map<Slot, KeyLastUsage>> byRegion = new LinkedHashMap<>();
    pending.forEach(
        (slot, usage) ->
            byRegion.computeIfAbsent(slot.region(), r -> new LinkedHashMap<>()).put(slot, usage));
    int saved = 0;
    int kept = 0;
    for (Map.Entry<String, Map<Slot, KeyLastUsage>> region : byRegion.entrySet()) {
      List<KeyLastUsage> usages = new ArrayList<>(region.getValue().values());
      try {
        saver.save(region.getKey(), usages);
      } catch (RuntimeException e) {
        kept += usages.size();
        LOG.log(
            Level.WARNING,
            "key last usage: saving "
                + usages.size()
                + " uses in "
                + region.getKey()
                + " failed; kept for the next flush",
            e);
        continue;
      }
      // Only what was saved leaves: a newer use recorded meanwhile stays for the next flush.
      region.getValue().forEach((slot, usage) -> pending.remove(slot, usage));
      saved += usages.size();
    }
    return new FlushResult(saved, kept);
  }

  /** The newer of two uses of a key (the second on a tie). */
  public static KeyLastUsage newerOf(KeyLastUsage held, KeyLastUsage other) {
    return other.timestamp().isBefore(held.timestamp()) ? held : other;
  }

  /** The newer of the use held in memory and the one saved, if either exists. */
  public static Optional<KeyLastUsage> newer(
      Optional<KeyLastUsage> held, Optional<KeyLastUsage> saved) {
    if (held.isEmpty()) {
      return saved;
    }
    if (saved.isEmpty()) {
      return held;
    }
    return Optional.of(newerOf(saved.get(), held.get()));
  }
}
