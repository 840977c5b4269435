package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one key with optimistic locking: read, compute the new state, save if nobody
 * saved in between, else wait a short random time and read again and recompute. The change function
 * is re-run on fresh state, so it must be a pure function of the key it is given (its checks run
 * again too). A key still too contended after that is a "hot key": AWS KMS throttles those, and so
 * does this class, with ThrottlingException, which the AWS SDKs retry.
 */
public final class KeyUpdater {
  private static final int MAX_ATTEMPTS = 10;
  private static final long MAX_BACKOFF_MILLIS = 50;

  private final KeyStore store;
  private final KeyResolver resolver;

  public KeyUpdater(KeyStore store, KeyResolver resolver) {
    this.store = store;
    this.resolver = resolver;
  }

  /**
   * @param change returns the changed key, or the same instance to write nothing
   * @return the key as stored after the change
   */
  public KmsKey update(KeyId keyId, UnaryOperator<KmsKey> change) {
    for (int attempt = 1; ; attempt++) {
      KmsKey current = store.find(keyId).orElseThrow(() -> resolver.keyDoesNotExist(keyId));
      KmsKey changed = change.apply(current);
      if (changed == current) {
        return current;
      }
      try {
        return store.update(changed);
      } catch (StoreConflictException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw KmsException.of(
              KmsErrorType.THROTTLING,
              "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.");
        }
        backOff(attempt);
      }
    }
  }

  /**
   * Full jitter: a random wait up to 2^attempt ms (at most 50 ms), so racing writers spread out.
   */
  private static void backOff(int attempt) {
    long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KmsException.internal("Interrupted while retrying a key update.", e);
    }
  }
}
