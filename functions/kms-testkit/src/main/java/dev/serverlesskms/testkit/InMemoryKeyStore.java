package dev.serverlesskms.testkit;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.QuotaExceededException;
import dev.serverlesskms.core.port.StoreConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyStore} in memory, for tests of the KMS's rules that need a store but not a particular
 * one. It passes the same {@link KeyStoreContract} as the embedded and DynamoDB stores, so a rule
 * that holds on it holds on them.
 *
 * <p>Every method is {@code synchronized}: each call is one atomic step, as each store write is,
 * the audit record it carries included (the outbox is one more map, changed in the same step).
 * Listings and the due index are sorted maps, so it reads only what it returns (plus one entry to
 * learn that a range ended), which {@link #itemsRead()} counts for the contract's scale checks.
 *
 * <p>Regions: each region is one instance of this class with maps of its own ({@link #inRegion}
 * answers the same instance for a region every time), and what every region shares (the outbox, the
 * registry of regions, the read counter) is one {@link Shared} object of concurrent maps, each
 * change of it one step inside the writing region's lock. Counters (customer managed keys, grants
 * per key) are kept with the writes they count, as a real store keeps them, so nothing counts by
 * looking at every item.
 */
public final class InMemoryKeyStore implements KeyStore {
  /** The default region of {@link #InMemoryKeyStore()}: the test KMS's ({@link TestKms}). */
  public static final String DEFAULT_REGION = TestKms.LOCATION.region();

  private static final String KEYS_LISTING = "keys";
  private static final String ALIASES_LISTING = "aliases";

  private final Shared shared;
  private final String region;

  private final NavigableMap<String, KmsKey> keys = new TreeMap<>();
  private final NavigableMap<String, Alias> aliases = new TreeMap<>();
  private final NavigableMap<String, CustomKeyStore> customKeyStores = new TreeMap<>();
  private static final String CUSTOM_KEY_STORES_LISTING = "customKeyStores";

  /** Grants by {@code <keyId>|<grantId>}. */
  private final NavigableMap<String, Grant> grants = new TreeMap<>();

  /** The number of grants of each key that has any: {@link #countGrants} without a look at them. */
  private final Map<String, Integer> grantCounts = new HashMap<>();

  /** (due instant, key id) of every key with work due, earliest first. */
  private final NavigableMap<DueEntry, KeyId> due = new TreeMap<>();

  /** The customer managed keys of this region, for the quota. */
  private long customerKeys;

  /** The saved last use of each key, by key id. */
  private final Map<String, KeyLastUsage> lastUsage = new HashMap<>();

  /** What every region's view shares. */
  private static final class Shared {
    final String defaultRegion;
    final NavigableMap<String, OutboxRecord> outbox =
        Collections.synchronizedNavigableMap(new TreeMap<>());
    final Set<String> regions = ConcurrentHashMap.newKeySet();
    final Map<String, InMemoryKeyStore> views = new ConcurrentHashMap<>();
    final AtomicLong itemsRead = new AtomicLong();

    Shared(String defaultRegion) {
      this.defaultRegion = defaultRegion;
      regions.add(defaultRegion);
    }
  }

  /** An empty store whose default region is {@link #DEFAULT_REGION}. */
  public InMemoryKeyStore() {
    this(DEFAULT_REGION);
  }

  /** An empty store, the view of {@code defaultRegion} (the KMS's {@code kms.region}). */
  public InMemoryKeyStore(String defaultRegion) {
    this(new Shared(requireRegion(defaultRegion)), defaultRegion);
    shared.views.put(defaultRegion, this);
  }

  private InMemoryKeyStore(Shared shared, String region) {
    this.shared = shared;
    this.region = region;
  }

  private static String requireRegion(String region) {
    if (!KmsLocation.isRegion(region)) {
      throw new IllegalArgumentException("not a region name: " + region);
    }
    return region;
  }

  /** The region this view holds. */
  public String region() {
    return region;
  }

  @Override
  public KeyStore inRegion(String otherRegion) {
    return shared.views.computeIfAbsent(
        requireRegion(otherRegion), r -> new InMemoryKeyStore(shared, r));
  }

  @Override
  public Set<String> regions() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(shared.regions));
  }

  private record DueEntry(Instant at, String keyId) implements Comparable<DueEntry> {
    @Override
    public int compareTo(DueEntry other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : keyId.compareTo(other.keyId);
    }
  }

  /** How many records and index entries this store (every region) has read since it was made. */
  public long itemsRead() {
    return shared.itemsRead.get();
  }

  @Override
  public synchronized KmsKey create(KmsKey key, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    String id = key.keyId().value();
    if (keys.containsKey(id)) {
      throw new StoreConflictException("key " + id + " exists");
    }
    if (key.customKeyStoreId() != null) {
      countKey(key.customKeyStoreId(), +1);
    }
    KmsKey stored = key.toBuilder().revision(1).build();
    keys.put(id, stored);
    if (stored.keyManager() == KeyManager.CUSTOMER) {
      customerKeys++;
    }
    shared.regions.add(region);
    index(null, stored);
    keep(record);
    return stored;
  }

  @Override
  public synchronized KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    if (key.keyManager() == KeyManager.CUSTOMER && customerKeys >= customerKeyQuota) {
      throw new QuotaExceededException(
          "region " + region + " holds " + customerKeys + " customer managed keys");
    }
    return create(key, record);
  }

  @Override
  public synchronized long countCustomerKeys() {
    return customerKeys;
  }

  @Override
  public synchronized Optional<KmsKey> find(KeyId keyId) {
    shared.itemsRead.incrementAndGet();
    return Optional.ofNullable(keys.get(keyId.value()));
  }

  @Override
  public synchronized KmsKey update(KmsKey changed, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    String id = changed.keyId().value();
    KmsKey current = keys.get(id);
    if (current == null || current.revision() != changed.revision()) {
      throw new StoreConflictException("key " + id + " is gone or changed since it was read");
    }
    KmsKey stored = changed.toBuilder().revision(changed.revision() + 1).build();
    keys.put(id, stored);
    index(current, stored);
    keep(record);
    return stored;
  }

  @Override
  public synchronized void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    KmsKey current = keys.get(keyId.value());
    if (current == null || current.revision() != expectedRevision) {
      throw new StoreConflictException(
          "key " + keyId.value() + " is gone or changed since it was read");
    }
    keys.remove(keyId.value());
    if (current.customKeyStoreId() != null) {
      countKey(current.customKeyStoreId(), -1);
    }
    if (current.keyManager() == KeyManager.CUSTOMER) {
      customerKeys--;
    }
    index(current, null);
    aliases.values().removeIf(alias -> alias.targetKeyId().equals(keyId));
    grantsOf(keyId).clear();
    grantCounts.remove(keyId.value());
    lastUsage.remove(keyId.value());
    keep(record);
  }

  @Override
  public synchronized Page<KeyId> listKeys(String cursor, int limit) {
    requireLimit(limit, 1000);
    NavigableMap<String, KmsKey> from =
        cursor == null ? keys : keys.tailMap(decode(KEYS_LISTING, cursor), false);
    return page(from, limit, KEYS_LISTING, KmsKey::keyId);
  }

  @Override
  public synchronized void createAlias(Alias alias, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (aliases.containsKey(alias.aliasName())) {
      throw new StoreConflictException("alias " + alias.aliasName() + " exists");
    }
    aliases.put(alias.aliasName(), alias);
    keep(record);
  }

  @Override
  public synchronized Optional<Alias> findAlias(String aliasName) {
    shared.itemsRead.incrementAndGet();
    return Optional.ofNullable(aliases.get(aliasName));
  }

  @Override
  public synchronized void updateAlias(Alias alias, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (!aliases.containsKey(alias.aliasName())) {
      throw new StoreConflictException("alias " + alias.aliasName() + " does not exist");
    }
    aliases.put(alias.aliasName(), alias);
    keep(record);
  }

  @Override
  public synchronized boolean deleteAlias(String aliasName, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (aliases.remove(aliasName) == null) {
      return false;
    }
    keep(record);
    return true;
  }

  @Override
  public synchronized Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    requireLimit(limit, 1000);
    String listing =
        targetKeyId == null ? ALIASES_LISTING : ALIASES_LISTING + ":" + targetKeyId.value();
    NavigableMap<String, Alias> from =
        cursor == null ? aliases : aliases.tailMap(decode(listing, cursor), false);
    if (targetKeyId != null) {
      // A per-key index in a real store; here a filtered view (not counted as reads: an index
      // would not read the other keys' aliases).
      NavigableMap<String, Alias> ofKey = new TreeMap<>();
      from.forEach(
          (name, alias) -> {
            if (alias.targetKeyId().equals(targetKeyId)) {
              ofKey.put(name, alias);
            }
          });
      from = ofKey;
    }
    return page(from, limit, listing, alias -> alias);
  }

  @Override
  public synchronized int countAliases(KeyId targetKeyId) {
    return (int)
        aliases.values().stream().filter(alias -> alias.targetKeyId().equals(targetKeyId)).count();
  }

  @Override
  public synchronized void createGrant(Grant grant, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (!keys.containsKey(grant.keyId().value())) {
      throw new StoreConflictException("key " + grant.keyId() + " does not exist");
    }
    String id = grantKey(grant.keyId(), grant.grantId());
    if (grants.containsKey(id)) {
      throw new StoreConflictException("grant " + grant.grantId() + " exists");
    }
    grants.put(id, grant);
    grantCounts.merge(grant.keyId().value(), 1, Integer::sum);
    keep(record);
  }

  @Override
  public synchronized Optional<Grant> findGrant(KeyId keyId, String grantId) {
    shared.itemsRead.incrementAndGet();
    return Optional.ofNullable(grants.get(grantKey(keyId, grantId)));
  }

  @Override
  public synchronized List<Grant> findGrants(KeyId keyId, String granteeScope) {
    // An index by key and scope in a real store: only the matching grants count as read.
    List<Grant> found =
        grantsOf(keyId).values().stream()
            .filter(grant -> grant.granteeScope().equals(granteeScope))
            .toList();
    shared.itemsRead.addAndGet(found.size() + 1);
    return found;
  }

  @Override
  public synchronized Page<Grant> listGrants(
      KeyId keyId, String grantee, String cursor, int limit) {
    requireLimit(limit, 1000);
    String listing = "grants:" + keyId.value() + (grantee == null ? "" : ":" + grantee);
    NavigableMap<String, Grant> from = grantsOf(keyId);
    if (cursor != null) {
      from = from.tailMap(decode(listing, cursor), false);
    }
    if (grantee != null) {
      from = filtered(from, grant -> grant.grantee().equals(grantee));
    }
    return page(from, limit, listing, grant -> grant);
  }

  @Override
  public synchronized Page<Grant> listRetirableGrants(
      String retiringPrincipal, String cursor, int limit) {
    requireLimit(limit, 1000);
    String listing = "retirable:" + retiringPrincipal;
    NavigableMap<String, Grant> from =
        cursor == null ? grants : grants.tailMap(decode(listing, cursor), false);
    return page(
        filtered(from, grant -> retiringPrincipal.equals(grant.retiree())),
        limit,
        listing,
        grant -> grant);
  }

  @Override
  public synchronized boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (grants.remove(grantKey(keyId, grantId)) == null) {
      return false;
    }
    grantCounts.computeIfPresent(keyId.value(), (id, n) -> n == 1 ? null : n - 1);
    keep(record);
    return true;
  }

  /** From the counter kept with every grant write: a key may have 50,000 grants. */
  @Override
  public synchronized int countGrants(KeyId keyId) {
    return grantCounts.getOrDefault(keyId.value(), 0);
  }

  private NavigableMap<String, Grant> grantsOf(KeyId keyId) {
    String prefix = keyId.value() + "|";
    return grants.subMap(prefix, true, keyId.value() + "}", false);
  }

  private static String grantKey(KeyId keyId, String grantId) {
    return keyId.value() + "|" + grantId;
  }

  /**
   * A per-grantee or per-retiree index in a real store; here a filtered view (not counted as reads:
   * an index would not read the other grants).
   */
  private static NavigableMap<String, Grant> filtered(
      NavigableMap<String, Grant> from, java.util.function.Predicate<Grant> wanted) {
    NavigableMap<String, Grant> kept = new TreeMap<>();
    from.forEach(
        (id, grant) -> {
          if (wanted.test(grant)) {
            kept.put(id, grant);
          }
        });
    return kept;
  }

  @Override
  public synchronized List<KeyId> findDue(Instant now, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    List<KeyId> found = new ArrayList<>();
    for (Map.Entry<DueEntry, KeyId> entry : due.entrySet()) {
      shared.itemsRead.incrementAndGet();
      if (entry.getKey().at().isAfter(now) || found.size() == limit) {
        break;
      }
      found.add(entry.getValue());
    }
    return found;
  }

  /** The outbox every region shares. */
  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    requireLimit(limit, 1000);
    List<OutboxRecord> pending = new ArrayList<>();
    synchronized (shared.outbox) {
      for (OutboxRecord record : shared.outbox.values()) {
        shared.itemsRead.incrementAndGet();
        if (pending.size() == limit) {
          break;
        }
        pending.add(record);
      }
    }
    return pending;
  }

  @Override
  public void removeRecord(String recordId) {
    shared.outbox.remove(recordId);
  }

  @Override
  public synchronized void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    for (KeyLastUsage usage : usages) {
      String id = usage.keyId().value();
      if (keys.containsKey(id)) {
        lastUsage.merge(
            id,
            usage,
            (saved, newer) -> newer.timestamp().isAfter(saved.timestamp()) ? newer : saved);
      }
    }
  }

  @Override
  public synchronized Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    shared.itemsRead.incrementAndGet();
    return Optional.ofNullable(lastUsage.get(keyId.value()));
  }

  /** Stored as a store stores it: only the id and the JSON, not the in-process event. */
  @Override
  public synchronized CustomKeyStore createCustomKeyStore(
      CustomKeyStore customKeyStore, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    if (customKeyStores.containsKey(customKeyStore.id())
        || byName(customKeyStore.name()).isPresent()) {
      throw new StoreConflictException("custom key store " + customKeyStore.id() + " exists");
    }
    CustomKeyStore stored = customKeyStore.stored(1, 0);
    customKeyStores.put(stored.id(), stored);
    keep(record);
    return stored;
  }

  @Override
  public synchronized Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    shared.itemsRead.incrementAndGet();
    return Optional.ofNullable(customKeyStores.get(customKeyStoreId));
  }

  @Override
  public synchronized Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    shared.itemsRead.incrementAndGet();
    return byName(name);
  }

  /** Names are unique among at most a few stores (AWS allows 10): a look at each is the index. */
  private Optional<CustomKeyStore> byName(String name) {
    return customKeyStores.values().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  @Override
  public synchronized Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    requireLimit(limit, 1000);
    NavigableMap<String, CustomKeyStore> from =
        cursor == null
            ? customKeyStores
            : customKeyStores.tailMap(decode(CUSTOM_KEY_STORES_LISTING, cursor), false);
    return page(from, limit, CUSTOM_KEY_STORES_LISTING, s -> s);
  }

  @Override
  public synchronized CustomKeyStore updateCustomKeyStore(
      CustomKeyStore changed, OutboxRecord record) {
    CustomKeyStore current = customKeyStores.get(changed.id());
    if (current == null || current.revision() != changed.revision()) {
      throw new StoreConflictException(
          "custom key store " + changed.id() + " is gone or changed since it was read");
    }
    Optional<CustomKeyStore> named = byName(changed.name());
    if (named.isPresent() && !named.get().id().equals(changed.id())) {
      throw new StoreConflictException("custom key store name " + changed.name() + " is taken");
    }
    CustomKeyStore stored = changed.stored(current.revision() + 1, current.keyCount());
    customKeyStores.put(stored.id(), stored);
    if (record != null) {
      keep(record);
    }
    return stored;
  }

  @Override
  public synchronized void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    CustomKeyStore current = customKeyStores.get(customKeyStoreId);
    if (current == null || current.revision() != expectedRevision || current.keyCount() != 0) {
      throw new StoreConflictException(
          "custom key store " + customKeyStoreId + " is gone, changed or holds keys");
    }
    customKeyStores.remove(customKeyStoreId);
    keep(record);
  }

  /** A key joins or leaves its custom key store, which must exist to take it. */
  private void countKey(String customKeyStoreId, int delta) {
    CustomKeyStore current = customKeyStores.get(customKeyStoreId);
    if (current == null) {
      if (delta > 0) {
        throw new StoreConflictException("custom key store " + customKeyStoreId + " is gone");
      }
      return;
    }
    customKeyStores.put(
        customKeyStoreId, current.stored(current.revision(), current.keyCount() + delta));
  }

  private void keep(OutboxRecord record) {
    shared.outbox.put(record.id(), OutboxRecord.stored(record.id(), record.json()));
  }

  private void index(KmsKey before, KmsKey after) {
    if (before != null && before.dueAt() != null) {
      due.remove(new DueEntry(before.dueAt(), before.keyId().value()));
    }
    if (after != null && after.dueAt() != null) {
      due.put(new DueEntry(after.dueAt(), after.keyId().value()), after.keyId());
    }
  }

  private <V, T> Page<T> page(
      NavigableMap<String, V> from,
      int limit,
      String listing,
      java.util.function.Function<V, T> item) {
    List<T> items = new ArrayList<>();
    String last = null;
    for (Map.Entry<String, V> entry : from.entrySet()) {
      shared.itemsRead.incrementAndGet();
      if (items.size() == limit) {
        return new Page<>(items, encode(listing, last));
      }
      items.add(item.apply(entry.getValue()));
      last = entry.getKey();
    }
    return new Page<>(items, null);
  }

  private static void requireLimit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit must be 1.." + max + ", got " + limit);
    }
  }

  /** Cursors name their listing, so one listing's cursor is refused by another. */
  private static String encode(String listing, String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String listing, String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cursor of the " + listing + " listing");
    }
    String prefix = listing + "\n";
    if (!text.startsWith(prefix) || text.length() == prefix.length()) {
      throw new IllegalArgumentException("not a cursor of the " + listing + " listing");
    }
    return text.substring(prefix.length());
  }
}
