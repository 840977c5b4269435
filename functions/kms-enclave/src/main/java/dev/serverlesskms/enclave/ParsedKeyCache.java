package dev.serverlesskms.enclave;

import dev.serverlesskms.crypto.AsymmetricPrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded, least-recently-used cache of parsed private keys, beside {@link LruKeyCache}: parsing
 * a PKCS#8 key (and, for ML-DSA, expanding its seed) costs more than the root-key unwrap, so Sign,
 * Decrypt and DeriveSharedSecret reuse the parsed key. Parsed keys are immutable and shared, not
 * copied. Unlike raw material they cannot be zeroized (the JDK's key objects keep their own
 * copies), so the bound is what limits how many stay in memory; eviction drops the reference.
 * Thread-safe; a miss parses outside the lock.
 */
final class ParsedKeyCache<K> {
  private final int maxEntries;
  private final Map<K, AsymmetricPrivateKey> entries;

  ParsedKeyCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the key cache needs at least 1 entry, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, AsymmetricPrivateKey> eldest) {
            return size() > ParsedKeyCache.this.maxEntries;
          }
        };
  }

  AsymmetricPrivateKey get(K key, Supplier<AsymmetricPrivateKey> load) {
    synchronized (entries) {
      AsymmetricPrivateKey cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    AsymmetricPrivateKey loaded = load.get();
    synchronized (entries) {
      AsymmetricPrivateKey raced = entries.putIfAbsent(key, loaded);
      return raced != null ? raced : loaded;
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
