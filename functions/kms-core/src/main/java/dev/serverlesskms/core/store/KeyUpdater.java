package dev.serverlesskms.core.store;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The one way keys are changed: read, compute the new state, write it if nobody wrote in between
 * (the store's revision check), else wait a short random time, read again and recompute. Every
 * writer goes through here, the operations and the lifecycle job alike, so they share one backoff
 * and one answer when a key stays too contended: AWS KMS throttles such a "hot key", and so does
 * this class, with ThrottlingException, which the AWS SDKs retry.
 *
 * <p>The change is re-run on fresh state, so it must be a pure function of the key it is given (its
 * checks run again too): {@link KmsKey}'s intents are.
 *
 * <p>Each write carries the audit record of the change ({@link ChangeRecord}), made from the
 * changed key of that attempt, and the store commits both or neither.
 */
public final class KeyUpdater {
  static final int MAX_ATTEMPTS = 10;
  static final long MAX_BACKOFF_MILLIS = 50;

  /** Waits between attempts; tests observe the waits instead of waiting. */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  private final KeyStore store;
  private final Pause pause;
  private final RandomGenerator random;

  public KeyUpdater(KeyStore store) {
    this(store, Thread::sleep, ThreadLocalRandom.current());
  }

  KeyUpdater(KeyStore store, Pause pause, RandomGenerator random) {
    this.store = store;
    this.pause = pause;
    this.random = random;
  }

  /**
   * Changes one key, committing the change's audit record with it.
   *
   * @param change returns the changed key, or the same instance to write nothing (and no record)
   * @param record the record of the change, made from the changed key; told once it is committed
   * @return the key as stored after the change; empty if there is no such key
   * @throws KmsException ThrottlingException if every attempt lost its race
   */
  public Optional<KmsKey> update(KeyId keyId, UnaryOperator<KmsKey> change, ChangeRecord record) {
    return retryOnConflict(
        () -> {
          Optional<KmsKey> found = store.find(keyId);
          if (found.isEmpty()) {
            return found;
          }
          KmsKey current = found.get();
          KmsKey changed = change.apply(current);
          if (changed == current) {
            return found;
          }
          OutboxRecord outboxRecord = record.of(changed);
          KmsKey stored = store.update(changed, outboxRecord);
          record.committed(outboxRecord);
          return Optional.of(stored);
        });
  }

  /**
   * Runs {@code attempt} until it ends without a {@link StoreConflictException}, backing off with
   * jitter in between. For writers whose attempt is more than one update (the lifecycle job deletes
   * keys too); each attempt must read what it writes afresh.
   *
   * @throws KmsException ThrottlingException if every attempt lost its race; anything else {@code
   *     attempt} throws propagates at once
   */
  public <T> T retryOnConflict(Supplier<T> attempt) {
    for (int attempts = 1; ; attempts++) {
      try {
        return attempt.get();
      } catch (StoreConflictException e) {
        if (attempts == MAX_ATTEMPTS) {
          throw KmsException.of(
              KmsErrorType.THROTTLING,
              "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
                  + " calls.");
        }
        backOff(attempts);
      }
    }
  }

  /** The longest wait after the given failed attempt: 2^attempt ms, at most 50 ms. */
  static long maxBackoffMillis(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt, 62));
  }

  /** Full jitter: a random wait from 0 to the bound, so racing writers spread out. */
  private void backOff(int attempt) {
    try {
      pause.sleep(random.nextLong(maxBackoffMillis(attempt) + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KmsException.internal("Interrupted while retrying a key update.", e);
    }
  }
}
