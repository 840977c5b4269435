package dev.serverlesskms.core.store;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read-through cache in front of a remote key store (DynamoDB), so that on a warm Lambda the hot
 * path (Encrypt, Decrypt, GenerateDataKey) reads no item at all, and on a cold one a single Query.
 *
 * <p>What it caches: keys and aliases that {@link #find} and {@link #findAlias} found (never a
 * miss, so a key created elsewhere is usable at once), for {@code ttl}, at most {@code maxEntries}
 * of each. Everything else goes straight to the store. Writes made through this instance replace or
 * drop the cached entry; a {@link StoreConflictException} drops it, so the caller's retry reads
 * fresh. The outbox of audit records is never cached.
 *
 * <p>Why stale reads are safe: every change is a conditional write on the stored revision, so a
 * change computed from a stale key fails and is recomputed from a fresh read. What a stale read can
 * do is let a cryptographic operation use a key up to {@code ttl} after another instance disabled
 * it or changed an alias: the eventual consistency AWS KMS documents for key state and alias
 * changes.
 *
 * <p>Regions: the same key id names a different key in each region, so each region's view has its
 * own cache ({@link #inRegion} wraps the store's view of that region once and answers that same
 * cache every time after, so every caller in a region sees the writes the others made through it).
 * The default region's view is this instance. Counters and last-usage records are never cached.
 */
public final class CachingKeyStore implements KeyStore {
  private final KeyStore store;
  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;
  private final Map<KeyId, Entry<Optional<KmsKey>>> keys;
  private final Map<String, Entry<Optional<Alias>>> aliases;
  private final Map<String, Entry<Optional<CustomKeyStore>>> customKeyStores;

  /** The cache of the store as constructed (the default region's). */
  private final CachingKeyStore root;

  /** Every other region's cache, by region name; shared by all of them. */
  private final Map<String, CachingKeyStore> views;

  private record Entry<T>(T value, Instant expires) {}

  public CachingKeyStore(KeyStore store, Clock clock, Duration ttl, int maxEntries) {
    this(store, clock, ttl, maxEntries, null, new ConcurrentHashMap<>());
  }

  private CachingKeyStore(
      KeyStore store,
      Clock clock,
      Duration ttl,
      int maxEntries,
      CachingKeyStore root,
      Map<String, CachingKeyStore> views) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(
          "a cache needs a positive ttl; use the store itself for none");
    }
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.keys = lru(maxEntries);
    this.aliases = lru(maxEntries);
    this.customKeyStores = lru(maxEntries);
    this.root = root == null ? this : root;
    this.views = views;
  }

  private static <K, V> Map<K, V> lru(int maxEntries) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The store this cache reads through. */
  public KeyStore delegate() {
    return store;
  }

  /**
   * The cache of {@code region}'s view: this one's root for the default region (the store answers
   * itself), else one cache per region name, made on first use.
   */
  @Override
  public KeyStore inRegion(String region) {
    KeyStore view = store.inRegion(region);
    if (view == root.store) {
      return root;
    }
    return views.computeIfAbsent(
        region, r -> new CachingKeyStore(view, clock, ttl, maxEntries, root, views));
  }

  @Override
  public Set<String> regions() {
    return store.regions();
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    if (key.customKeyStoreId() != null) {
      drop(customKeyStores, key.customKeyStoreId()); // its key count moves
    }
    KmsKey created = store.create(key, record, customerKeyQuota);
    put(keys, created.keyId(), Optional.of(created));
    return created;
  }

  @Override
  public long countCustomerKeys() {
    return store.countCustomerKeys();
  }

  /** A use changes no key (not its revision): the cached keys stay as they are. */
  @Override
  public void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    store.saveKeyLastUsage(usages);
  }

  @Override
  public Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    return store.findKeyLastUsage(keyId);
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    Optional<KmsKey> cached = cached(keys, keyId);
    if (cached != null) {
      return cached;
    }
    Optional<KmsKey> found = store.find(keyId);
    found.ifPresent(key -> put(keys, keyId, found));
    return found;
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    Optional<Alias> cached = cached(aliases, aliasName);
    if (cached != null) {
      return cached;
    }
    Optional<Alias> found = store.findAlias(aliasName);
    found.ifPresent(alias -> put(aliases, aliasName, found));
    return found;
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    if (key.customKeyStoreId() != null) {
      drop(customKeyStores, key.customKeyStoreId()); // its key count moves
    }
    KmsKey created = store.create(key, record);
    put(keys, created.keyId(), Optional.of(created));
    return created;
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    try {
      KmsKey updated = store.update(changed, record);
      put(keys, updated.keyId(), Optional.of(updated));
      return updated;
    } catch (RuntimeException e) {
      drop(keys, changed.keyId());
      throw e;
    }
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    synchronized (customKeyStores) {
      customKeyStores.clear(); // the key may have been in one, whose key count moves
    }
    try {
      store.delete(keyId, expectedRevision, record);
    } finally {
      drop(keys, keyId);
      synchronized (aliases) {
        aliases.clear(); // the key's aliases went with it
      }
    }
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    return store.listKeys(cursor, limit);
  }

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    try {
      store.createAlias(alias, record);
    } finally {
      drop(aliases, alias.aliasName());
    }
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    try {
      store.updateAlias(alias, record);
    } finally {
      drop(aliases, alias.aliasName());
    }
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    try {
      return store.deleteAlias(aliasName, record);
    } finally {
      drop(aliases, aliasName);
    }
  }

  @Override
  public Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    return store.listAliases(targetKeyId, cursor, limit);
  }

  @Override
  public int countAliases(KeyId targetKeyId) {
    return store.countAliases(targetKeyId);
  }

  @Override
  public void createGrant(Grant grant, OutboxRecord record) {
    store.createGrant(grant, record);
  }

  @Override
  public Optional<Grant> findGrant(KeyId keyId, String grantId) {
    return store.findGrant(keyId, grantId);
  }

  @Override
  public List<Grant> findGrants(KeyId keyId, String granteeScope) {
    return store.findGrants(keyId, granteeScope);
  }

  @Override
  public Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit) {
    return store.listGrants(keyId, grantee, cursor, limit);
  }

  @Override
  public Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit) {
    return store.listRetirableGrants(retiringPrincipal, cursor, limit);
  }

  @Override
  public boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    return store.deleteGrant(keyId, grantId, record);
  }

  @Override
  public int countGrants(KeyId keyId) {
    return store.countGrants(keyId);
  }

  @Override
  public List<KeyId> findDue(Instant now, int limit) {
    return store.findDue(now, limit);
  }

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    return store.pendingRecords(limit);
  }

  @Override
  public void removeRecord(String recordId) {
    store.removeRecord(recordId);
  }

  @Override
  public CustomKeyStore createCustomKeyStore(CustomKeyStore customKeyStore, OutboxRecord record) {
    CustomKeyStore created = store.createCustomKeyStore(customKeyStore, record);
    put(customKeyStores, created.id(), Optional.of(created));
    return created;
  }

  /** Cached like keys: a connection state change elsewhere is seen within the ttl. */
  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    Optional<CustomKeyStore> cached = cached(customKeyStores, customKeyStoreId);
    if (cached != null) {
      return cached;
    }
    Optional<CustomKeyStore> found = store.findCustomKeyStore(customKeyStoreId);
    found.ifPresent(s -> put(customKeyStores, customKeyStoreId, found));
    return found;
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    return store.findCustomKeyStoreByName(name);
  }

  @Override
  public Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    return store.listCustomKeyStores(cursor, limit);
  }

  @Override
  public CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record) {
    try {
      CustomKeyStore updated = store.updateCustomKeyStore(changed, record);
      put(customKeyStores, updated.id(), Optional.of(updated));
      return updated;
    } catch (RuntimeException e) {
      drop(customKeyStores, changed.id());
      throw e;
    }
  }

  @Override
  public void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    try {
      store.deleteCustomKeyStore(customKeyStoreId, expectedRevision, record);
    } finally {
      drop(customKeyStores, customKeyStoreId);
    }
  }

  private <K, V> V cached(Map<K, Entry<V>> map, K key) {
    synchronized (map) {
      Entry<V> entry = map.get(key);
      if (entry == null) {
        return null;
      }
      if (!clock.instant().isBefore(entry.expires())) {
        map.remove(key);
        return null;
      }
      return entry.value();
    }
  }

  private <K, V> void put(Map<K, Entry<V>> map, K key, V value) {
    synchronized (map) {
      map.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }
  }

  private static <K, V> void drop(Map<K, V> map, K key) {
    synchronized (map) {
      map.remove(key);
    }
  }
}
