package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one key with optimistic locking: read, compute the new state, save if nobody
 * saved in between, else read again and recompute. The change function is re-run on fresh state, so
 * it must be a pure function of the key it is given (its checks run again too).
 */
public final class KeyUpdater {
  private static final int MAX_ATTEMPTS = 8;

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
          throw KmsException.internal("The key was changed concurrently too often; retry the request.", e);
        }
      }
    }
  }
}
