package dev.serverlesskms.enclave;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded, least-recently-used cache of unwrapped key material, so the hot path (Encrypt,
 * Decrypt, GenerateDataKey) does not pay a root-key unwrap (about 40 µs on a PKCS#11 token) per
 * request, while the number of plaintext keys in memory stays capped. Evicted entries are zeroized
 * at once.
 *
 * <p>Callers receive a copy with its own lifetime, never the cached instance: a key evicted and
 * wiped by one thread can still be in use by another, which must keep working. Thread-safe; a miss
 * unwraps outside the lock, so one slow unwrap never blocks hits.
 */
final class LruKeyCache<K> implements AutoCloseable {
  private final int maxEntries;
  private final Map<K, KeyMaterial> entries;

  LruKeyCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the key cache needs at least 1 entry, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, KeyMaterial> eldest) {
            if (size() <= LruKeyCache.this.maxEntries) {
              return false;
            }
            eldest.getValue().close();
            return true;
          }
        };
  }

  /**
   * Returns a copy of the cached material for {@code key}, first loading (and caching) it with
   * {@code load} on a miss. The caller closes the copy.
   */
  KeyMaterial get(K key, Supplier<KeyMaterial> load) {
    synchronized (entries) {
      KeyMaterial cached = entries.get(key);
      if (cached != null) {
        return cached.copy();
      }
    }
    KeyMaterial loaded = load.get();
    synchronized (entries) {
      KeyMaterial raced = entries.get(key);
      if (raced != null) {
        loaded.close();
        return raced.copy();
      }
      entries.put(key, loaded);
      return loaded.copy();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  int maxEntries() {
    return maxEntries;
  }

  /** Zeroizes and drops every entry. */
  @Override
  public void close() {
    synchronized (entries) {
      entries.values().forEach(KeyMaterial::close);
      entries.clear();
    }
  }
}
