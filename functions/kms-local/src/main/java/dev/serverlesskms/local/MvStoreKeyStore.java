package dev.serverlesskms.local;

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
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.StringDataType;

/**
 * The local {@link KeyStore}: an embedded store in one file (H2 MVStore), for running the whole KMS
 * on one machine. Keys survive restarts; the contract suite {@code KeyStoreContract} holds it to
 * the same guarantees as the DynamoDB store.
 *
 * <p>The maps of one region, all from string to string:
 *
 * <pre>
 *   keys         keyId                 -> key record ({@link KeyRecord} as JSON)
 *   aliases      aliasName             -> alias record ({@link AliasRecord} as JSON)
 *   key-aliases  keyId|aliasName       -> alias record   (one key's aliases: list, count, delete)
 *   due          dueAt|keyId           -> keyId          ({@link DueIndex}: findDue reads only due keys)
 *   outbox       record id             -> audit record line ({@link OutboxRecord}), until delivered
 *   grants       keyId|grantId         -> grant record ({@link GrantRecord} as JSON)
 *   key-grantees keyId|scope|grantee|grantId -> grant record (a key's grants by grantee scope,
 *                                         {@link Grant#scopeOf}: findGrants, listGrants by grantee)
 *   retirable    retiree|keyId|grantId -> grant record   (ListRetirableGrants)
 *   custom-key-stores      storeId    -> custom key store record ({@link CustomKeyStoreRecord})
 *   custom-key-store-names name       -> storeId        (names are unique)
 *   key-custom-key-stores  keyId      -> storeId        (the store a key lives in; the key record's
 *                                         format predates custom key stores)
 *   key-multi-region       keyId      -> {@link MultiRegionRecord} (a multi-Region key's
 *                                         configuration, beside its record for the same reason)
 *   grant-counts           keyId      -> number of the key's grants (countGrants reads one entry)
 *   counters               customer-keys -> number of customer managed keys (the key quota)
 *   key-last-usage         keyId      -> {@link KeyLastUsageRecord} (GetKeyLastUsage)
 * </pre>
 *
 * and two maps every region shares: {@code outbox} (audit records, as above) and {@code regions}
 * (region name -> "", each region other than the default that got a key: {@link #regions()}).
 *
 * <p>Principals, key ids and grant ids never contain {@code |}, so each prefix names exactly its
 * entries.
 *
 * <p>Regions ({@link #inRegion}): the default region's maps have the names above, the names they
 * had before regions existed, so a file written by an earlier release is this release's default
 * region as it is: nothing to migrate but two counters, computed once when such a file is first
 * opened ({@link #countWhatAnEarlierReleaseDidNotCount}). Every other region has a set of maps of
 * its own, each name prefixed with the region ({@code eu-west-1/keys}); region names never contain
 * {@code /}, so no region's map is another's. Separate maps rather than a region prefix in each map
 * key, because with prefixes the default region's entries (which have none) would share their maps
 * with every other region's: listing the default region's keys or aliases, or its due index, would
 * walk past other regions' entries, and every index's prefix scheme would change; with a map set
 * per region every listing, index and cursor works in one region exactly as it did, and a region's
 * data is found without touching another's. All maps live in the one MVStore, so a write spanning a
 * region's maps and the shared outbox is still one commit.
 *
 * <p>Writes are serialized under the write lock, check the revision they were given, and end with a
 * single MVStore commit and, for a file, an fsync: a change spanning several maps, such as deleting
 * a key with its aliases, index entry and audit record, reaches the file whole or not at all, and a
 * write that fails is rolled back in memory before the lock is released.
 *
 * <p>Readers see durable state only (issue 9, item 8). MVStore shows a change to readers of its
 * maps as soon as it is made, before the commit; so reads take the read lock, which a write holds
 * from its first change to the end of its fsync. A reader therefore never sees a change, such as a
 * just-rotated key version an Encrypt would use, that a power cut could still take back. If the
 * fsync itself fails, the change is committed in memory but perhaps not on disk: the store closes
 * at once rather than let anyone read it, and every later call fails with {@link
 * StoreUnavailableException} until the store is opened again from the file. The cost: reads wait
 * for a write under way (one fsync, a few milliseconds on a local disk).
 *
 * <p>Failures of the store itself (I/O, a damaged file, use after {@link #close()}) surface as
 * {@link StoreUnavailableException}.
 */
public final class MvStoreKeyStore implements KeyStore, AutoCloseable {
  private static final int MAX_PAGE_SIZE = 1000;

  /** Parsed keys kept per region: the hot keys of a local server, a few MiB at most. */
  private static final int PARSED_KEYS_KEPT = 1024;

  private static final char SEPARATOR = '|';
  private static final String KEYS_LISTING = "keys";
  private static final String ALIASES_LISTING = "aliases";
  private static final String GRANTS_LISTING = "grants";
  private static final String RETIRABLE_LISTING = "retirable";
  private static final String CUSTOM_KEY_STORES_LISTING = "custom-key-stores";

  /** The default region of {@link #open(Path)} and {@link #inMemory()}: {@code kms.region}'s. */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final String CUSTOMER_KEYS = "customer-keys";

  private final Shared shared;
  private final String region;
  private final MVStore mv;
  private final MVMap<String, String> keys;
  private final MVMap<String, String> aliases;
  private final MVMap<String, String> keyAliases;
  private final MVMap<String, String> due;
  private final MVMap<String, String> outbox;
  private final MVMap<String, String> grants;
  private final MVMap<String, String> keyGrantees;
  private final MVMap<String, String> retirable;
  private final MVMap<String, String> customKeyStores;
  private final MVMap<String, String> customKeyStoreNames;
  private final MVMap<String, String> keyCustomKeyStores;
  private final MVMap<String, String> keyMultiRegion;
  private final MVMap<String, String> grantCounts;
  private final MVMap<String, String> counters;
  private final MVMap<String, String> keyLastUsage;
  private final ReentrantReadWriteLock lock;

  /** Keys parsed from this region's records, reused while their records are unchanged. */
  private final ParsedKeyRecords parsedKeys = new ParsedKeyRecords(PARSED_KEYS_KEPT);

  private final LongAdder itemsRead;

  /** What every region's view shares: the file, its lock, the outbox and the region registry. */
  private static final class Shared {
    final MVStore mv;
    final String defaultRegion;
    final MVMap<String, String> outbox;
    final MVMap<String, String> regions;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final LongAdder itemsRead = new LongAdder();
    final Map<String, MvStoreKeyStore> views = new ConcurrentHashMap<>();

    Shared(MVStore mv, String defaultRegion) {
      this.mv = mv;
      this.defaultRegion = defaultRegion;
      this.outbox = openMap(mv, "outbox");
      this.regions = openMap(mv, "regions");
    }
  }

  /** The default region's view of {@code mv}. */
  private MvStoreKeyStore(MVStore mv, String defaultRegion) {
    this(new Shared(mv, requireRegion(defaultRegion)), defaultRegion);
    shared.views.put(defaultRegion, this);
    countWhatAnEarlierReleaseDidNotCount();
  }

  private MvStoreKeyStore(Shared shared, String region) {
    this.shared = shared;
    this.region = region;
    this.mv = shared.mv;
    this.lock = shared.lock;
    this.itemsRead = shared.itemsRead;
    this.outbox = shared.outbox;
    String prefix = region.equals(shared.defaultRegion) ? "" : region + "/";
    this.keys = openMap(mv, prefix + "keys");
    this.aliases = openMap(mv, prefix + "aliases");
    this.keyAliases = openMap(mv, prefix + "key-aliases");
    this.due = openMap(mv, prefix + "due");
    this.grants = openMap(mv, prefix + "grants");
    this.keyGrantees = openMap(mv, prefix + "key-grantees");
    this.retirable = openMap(mv, prefix + "retirable");
    this.customKeyStores = openMap(mv, prefix + "custom-key-stores");
    this.customKeyStoreNames = openMap(mv, prefix + "custom-key-store-names");
    this.keyCustomKeyStores = openMap(mv, prefix + "key-custom-key-stores");
    this.keyMultiRegion = openMap(mv, prefix + "key-multi-region");
    this.grantCounts = openMap(mv, prefix + "grant-counts");
    this.counters = openMap(mv, prefix + "counters");
    this.keyLastUsage = openMap(mv, prefix + "key-last-usage");
  }

  private static String requireRegion(String region) {
    if (!KmsLocation.isRegion(region)) {
      throw new IllegalArgumentException("not a region name: " + region);
    }
    return region;
  }

  /**
   * A file written before regions (and their counters) existed has keys and grants but no counts of
   * them: count them once, in one commit, when such a file is first opened. Only the default region
   * can hold such data; a file this release wrote always has the key counter.
   */
  private void countWhatAnEarlierReleaseDidNotCount() {
    if (counters.containsKey(CUSTOMER_KEYS)) {
      return;
    }
    write(
        () -> {
          long customerKeys = 0;
          for (String json : keys.values()) {
            if (KeyManager.CUSTOMER.name().equals(RecordJson.keyRecord(json).keyManager())) {
              customerKeys++;
            }
          }
          counters.put(CUSTOMER_KEYS, Long.toString(customerKeys));
          Map<String, Integer> perKey = new HashMap<>();
          for (String grantKey : grants.keySet()) {
            perKey.merge(grantKey.substring(0, grantKey.indexOf(SEPARATOR)), 1, Integer::sum);
          }
          perKey.forEach((keyId, count) -> grantCounts.put(keyId, Integer.toString(count)));
          return null;
        });
  }

  /**
   * Opens the store in {@code file}, creating it (owner-only, with missing parent directories) if
   * absent. One process at a time: MVStore locks the file.
   *
   * @throws StoreUnavailableException if the file cannot be created, is locked, or is not a store
   */
  public static MvStoreKeyStore open(Path file) {
    return open(file, DEFAULT_REGION);
  }

  /**
   * {@link #open(Path)}, the store being the view of {@code defaultRegion} (the KMS's {@code
   * kms.region}): the region whose data keeps the layout of the releases before regions.
   */
  public static MvStoreKeyStore open(Path file, String defaultRegion) {
    return open(file, file.toString(), defaultRegion);
  }

  /**
   * {@link #open(Path, String)}, with the file name MVStore opens, which may name an H2 file system
   * ({@code scheme:path}): tests put a fault-injecting one under the store.
   */
  static MvStoreKeyStore open(Path file, String fileName, String defaultRegion) {
    requireRegion(defaultRegion);
    MVStore mv = null;
    try {
      OwnerOnlyFiles.createIfAbsent(file);
      mv = settings().fileName(fileName).open();
      return new MvStoreKeyStore(mv, defaultRegion);
    } catch (IOException | MVStoreException e) {
      closeAfterFailedOpen(mv);
      throw new StoreUnavailableException("cannot open the key store " + file, e);
    } catch (RuntimeException e) {
      closeAfterFailedOpen(mv);
      throw e;
    }
  }

  private static void closeAfterFailedOpen(MVStore mv) {
    if (mv != null && !mv.isClosed()) {
      mv.closeImmediately();
    }
  }

  /** A store in memory only, gone when closed: for tests and throwaway local runs. */
  public static MvStoreKeyStore inMemory() {
    return inMemory(DEFAULT_REGION);
  }

  /** {@link #inMemory()}, the view of {@code defaultRegion}. */
  public static MvStoreKeyStore inMemory(String defaultRegion) {
    return new MvStoreKeyStore(settings().open(), defaultRegion);
  }

  /**
   * Nothing is written except by {@link #write}'s commit: no background commits, and no commit
   * forced by a full buffer in the middle of a multi-map change.
   */
  private static MVStore.Builder settings() {
    return new MVStore.Builder().autoCommitDisabled().autoCommitBufferSize(0);
  }

  private static MVMap<String, String> openMap(MVStore mv, String name) {
    return mv.openMap(
        name,
        new MVMap.Builder<String, String>()
            .keyType(StringDataType.INSTANCE)
            .valueType(StringDataType.INSTANCE));
  }

  /**
   * How many records and index entries this store has read since it was opened. Lets tests check
   * that a listing reads one page and {@link #findDue} only due entries.
   */
  public long itemsRead() {
    return itemsRead.sum();
  }

  // ---------------------------------------------------------------- regions

  /** The region this view holds. */
  public String region() {
    return region;
  }

  /**
   * The view of {@code otherRegion}, the same one every time. Opening a region's maps for the first
   * time is a write (MVStore records them in the file), made under the write lock and committed at
   * once so that no other write's rollback can take them back.
   */
  @Override
  public KeyStore inRegion(String otherRegion) {
    requireRegion(otherRegion);
    return shared.views.computeIfAbsent(
        otherRegion, r -> write(() -> new MvStoreKeyStore(shared, r)));
  }

  @Override
  public Set<String> regions() {
    return read(
        () -> {
          Set<String> regions = new TreeSet<>();
          regions.add(shared.defaultRegion);
          for (String name : shared.regions.keySet()) {
            itemsRead.increment();
            regions.add(name);
          }
          return Collections.unmodifiableSet(regions);
        });
  }

  // ---------------------------------------------------------------- keys

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    return write(record, () -> putNewKey(key));
  }

  /** {@link #create}, refused past the quota: counted and written in one commit. */
  @Override
  public KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    return write(
        record,
        () -> {
          if (key.keyManager() == KeyManager.CUSTOMER && customerKeys() >= customerKeyQuota) {
            throw new QuotaExceededException(
                "region " + region + " holds " + customerKeys() + " customer managed keys");
          }
          return putNewKey(key);
        });
  }

  @Override
  public long countCustomerKeys() {
    return read(this::customerKeys);
  }

  private long customerKeys() {
    String count = get(counters, CUSTOMER_KEYS);
    return count == null ? 0 : Long.parseLong(count);
  }

  /** Stores a new key with what goes with it (inside a write). */
  private KmsKey putNewKey(KmsKey key) {
    if (get(keys, key.keyId().value()) != null) {
      throw new StoreConflictException("key " + key.keyId() + " already exists");
    }
    KmsKey stored = key.toBuilder().revision(1).build();
    if (key.customKeyStoreId() != null) {
      countKey(key.customKeyStoreId(), +1);
      keyCustomKeyStores.put(key.keyId().value(), key.customKeyStoreId());
    }
    putKey(stored, null);
    if (key.keyManager() == KeyManager.CUSTOMER) {
      counters.put(CUSTOMER_KEYS, Long.toString(customerKeys() + 1));
    }
    if (!region.equals(shared.defaultRegion) && !shared.regions.containsKey(region)) {
      shared.regions.put(region, "");
    }
    return stored;
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    return read(
        () ->
            Optional.ofNullable(get(keys, keyId.value()))
                .map(json -> parsedKeys.key(keyId.value(), json))
                .map(key -> withSideRecords(key)));
  }

  /**
   * The key with the store it lives in and its multi-Region configuration, which the key record
   * does not hold.
   */
  private KmsKey withSideRecords(KmsKey key) {
    String store = keyCustomKeyStores.get(key.keyId().value());
    String multiRegion = keyMultiRegion.get(key.keyId().value());
    if (store == null && multiRegion == null) {
      return key;
    }
    return key.toBuilder()
        .customKeyStoreId(store)
        .multiRegion(multiRegion == null ? null : RecordJson.multiRegion(multiRegion))
        .build();
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    KmsKey stored = changed.toBuilder().revision(changed.revision() + 1).build();
    return write(
        record,
        () -> {
          putKey(stored, storedRecord(changed.keyId(), changed.revision()));
          return stored;
        });
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    write(
        record,
        () -> {
          KeyRecord current = storedRecord(keyId, expectedRevision);
          int prefixLength = aliasIndexPrefix(keyId).length();
          for (String indexKey : aliasIndexKeys(keyId)) {
            aliases.remove(indexKey.substring(prefixLength));
            keyAliases.remove(indexKey);
          }
          if (current.dueIndexEntry() != null) {
            due.remove(current.dueIndexEntry());
          }
          for (String grantKey : keysWithPrefix(grants, grantPrefix(keyId))) {
            removeGrant(RecordJson.grant(grants.get(grantKey)));
          }
          keys.remove(keyId.value());
          String store = keyCustomKeyStores.remove(keyId.value());
          if (store != null) {
            countKey(store, -1);
          }
          keyMultiRegion.remove(keyId.value());
          grantCounts.remove(keyId.value());
          keyLastUsage.remove(keyId.value());
          if (KeyManager.CUSTOMER.name().equals(current.keyManager())) {
            counters.put(CUSTOMER_KEYS, Long.toString(customerKeys() - 1));
          }
          return null;
        });
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    return read(() -> page(keys, KEYS_LISTING, "", cursor, limit, (key, json) -> new KeyId(key)));
  }

  @Override
  public List<KeyId> findDue(Instant now, int limit) {
    requirePositive(limit);
    String end = DueIndex.end(now);
    return read(
        () -> {
          List<KeyId> dueKeys = new ArrayList<>();
          Cursor<String, String> entries = due.cursor(null);
          while (dueKeys.size() < limit && entries.hasNext()) {
            String entry = entries.next();
            itemsRead.increment();
            if (entry.compareTo(end) >= 0) {
              break;
            }
            dueKeys.add(new KeyId(entries.getValue()));
          }
          return dueKeys;
        });
  }

  /** The stored record of {@code keyId}, if it is at {@code expectedRevision}. */
  private KeyRecord storedRecord(KeyId keyId, long expectedRevision) {
    String json = get(keys, keyId.value());
    if (json == null) {
      throw new StoreConflictException("key " + keyId + " does not exist");
    }
    KeyRecord current = RecordJson.keyRecord(json);
    if (current.revision() != expectedRevision) {
      throw new StoreConflictException(
          "key " + keyId + " is at revision " + current.revision() + ", not " + expectedRevision);
    }
    return current;
  }

  /** Writes {@code key} and moves its due-index entry from where {@code previous} put it. */
  private void putKey(KmsKey key, KeyRecord previous) {
    String dueEntry = DueIndex.entry(key);
    String json = RecordJson.write(KeyRecord.of(key, dueEntry));
    if (previous != null && previous.dueIndexEntry() != null) {
      due.remove(previous.dueIndexEntry());
    }
    keys.put(key.keyId().value(), json);
    if (dueEntry != null) {
      due.put(dueEntry, key.keyId().value());
    }
    if (key.multiRegion() != null) {
      keyMultiRegion.put(
          key.keyId().value(), RecordJson.write(MultiRegionRecord.of(key.multiRegion())));
    } else if (previous != null) {
      keyMultiRegion.remove(key.keyId().value());
    }
  }

  // ---------------------------------------------------------------- custom key stores

  @Override
  public CustomKeyStore createCustomKeyStore(CustomKeyStore customKeyStore, OutboxRecord record) {
    CustomKeyStore stored = customKeyStore.stored(1, 0);
    return write(
        record,
        () -> {
          if (get(customKeyStores, stored.id()) != null
              || get(customKeyStoreNames, stored.name()) != null) {
            throw new StoreConflictException("custom key store " + stored.id() + " exists");
          }
          customKeyStores.put(stored.id(), RecordJson.write(CustomKeyStoreRecord.of(stored)));
          customKeyStoreNames.put(stored.name(), stored.id());
          return stored;
        });
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    return read(
        () ->
            Optional.ofNullable(get(customKeyStores, customKeyStoreId))
                .map(RecordJson::customKeyStore));
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    return read(
        () ->
            Optional.ofNullable(get(customKeyStoreNames, name))
                .map(id -> get(customKeyStores, id))
                .map(RecordJson::customKeyStore));
  }

  @Override
  public Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    return read(
        () ->
            page(
                customKeyStores,
                CUSTOM_KEY_STORES_LISTING,
                "",
                cursor,
                limit,
                (id, json) -> RecordJson.customKeyStore(json)));
  }

  @Override
  public CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record) {
    java.util.function.Supplier<CustomKeyStore> change =
        () -> {
          CustomKeyStore current = storedCustomKeyStore(changed.id(), changed.revision());
          if (!current.name().equals(changed.name())) {
            if (get(customKeyStoreNames, changed.name()) != null) {
              throw new StoreConflictException(
                  "custom key store name " + changed.name() + " is taken");
            }
            customKeyStoreNames.remove(current.name());
            customKeyStoreNames.put(changed.name(), changed.id());
          }
          CustomKeyStore stored = changed.stored(current.revision() + 1, current.keyCount());
          customKeyStores.put(stored.id(), RecordJson.write(CustomKeyStoreRecord.of(stored)));
          return stored;
        };
    return record == null ? write(change) : write(record, change);
  }

  @Override
  public void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    write(
        record,
        () -> {
          CustomKeyStore current = storedCustomKeyStore(customKeyStoreId, expectedRevision);
          if (current.keyCount() != 0) {
            throw new StoreConflictException(
                "custom key store " + customKeyStoreId + " holds keys");
          }
          customKeyStores.remove(customKeyStoreId);
          customKeyStoreNames.remove(current.name());
          return null;
        });
  }

  private CustomKeyStore storedCustomKeyStore(String id, long expectedRevision) {
    String json = get(customKeyStores, id);
    if (json == null) {
      throw new StoreConflictException("custom key store " + id + " does not exist");
    }
    CustomKeyStore current = RecordJson.customKeyStore(json);
    if (current.revision() != expectedRevision) {
      throw new StoreConflictException(
          "custom key store " + id + " is at revision " + current.revision());
    }
    return current;
  }

  /** A key joins (a store that must exist) or leaves its custom key store. */
  private void countKey(String customKeyStoreId, int delta) {
    String json = get(customKeyStores, customKeyStoreId);
    if (json == null) {
      if (delta > 0) {
        throw new StoreConflictException("custom key store " + customKeyStoreId + " is gone");
      }
      return;
    }
    CustomKeyStore current = RecordJson.customKeyStore(json);
    customKeyStores.put(
        customKeyStoreId,
        RecordJson.write(
            CustomKeyStoreRecord.of(
                current.stored(current.revision(), current.keyCount() + delta))));
  }

  // ---------------------------------------------------------------- aliases

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    write(
        record,
        () -> {
          if (get(aliases, alias.aliasName()) != null) {
            throw new StoreConflictException("alias " + alias.aliasName() + " already exists");
          }
          putAlias(alias);
          return null;
        });
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    return read(() -> Optional.ofNullable(get(aliases, aliasName)).map(RecordJson::alias));
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    write(
        record,
        () -> {
          Alias current =
              storedAlias(alias.aliasName())
                  .orElseThrow(
                      () ->
                          new StoreConflictException(
                              "alias " + alias.aliasName() + " does not exist"));
          keyAliases.remove(aliasIndexKey(current.targetKeyId(), current.aliasName()));
          putAlias(alias);
          return null;
        });
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return write(
        () -> {
          Optional<Alias> current = storedAlias(aliasName);
          current.ifPresent(
              alias -> {
                aliases.remove(aliasName);
                keyAliases.remove(aliasIndexKey(alias.targetKeyId(), aliasName));
                outbox.put(record.id(), record.json());
              });
          return current.isPresent();
        });
  }

  @Override
  public Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    return read(
        () ->
            targetKeyId == null
                ? page(
                    aliases,
                    ALIASES_LISTING,
                    "",
                    cursor,
                    limit,
                    (name, json) -> RecordJson.alias(json))
                : page(
                    keyAliases,
                    ALIASES_LISTING + ":" + targetKeyId.value(),
                    aliasIndexPrefix(targetKeyId),
                    cursor,
                    limit,
                    (indexKey, json) -> RecordJson.alias(json)));
  }

  @Override
  public int countAliases(KeyId targetKeyId) {
    return read(() -> aliasIndexKeys(targetKeyId).size());
  }

  private Optional<Alias> storedAlias(String aliasName) {
    return Optional.ofNullable(get(aliases, aliasName)).map(RecordJson::alias);
  }

  private void putAlias(Alias alias) {
    String json = RecordJson.write(AliasRecord.of(alias));
    aliases.put(alias.aliasName(), json);
    keyAliases.put(aliasIndexKey(alias.targetKeyId(), alias.aliasName()), json);
  }

  private List<String> aliasIndexKeys(KeyId keyId) {
    String prefix = aliasIndexPrefix(keyId);
    List<String> indexKeys = new ArrayList<>();
    Cursor<String, String> entries = keyAliases.cursor(prefix);
    while (entries.hasNext()) {
      String indexKey = entries.next();
      itemsRead.increment();
      if (!indexKey.startsWith(prefix)) {
        break;
      }
      indexKeys.add(indexKey);
    }
    return indexKeys;
  }

  private static String aliasIndexPrefix(KeyId keyId) {
    return keyId.value() + SEPARATOR;
  }

  private static String aliasIndexKey(KeyId keyId, String aliasName) {
    return aliasIndexPrefix(keyId) + aliasName;
  }

  // ---------------------------------------------------------------- grants

  @Override
  public void createGrant(Grant grant, OutboxRecord record) {
    write(
        record,
        () -> {
          if (get(keys, grant.keyId().value()) == null) {
            throw new StoreConflictException("key " + grant.keyId() + " does not exist");
          }
          String grantKey = grantKey(grant.keyId(), grant.grantId());
          if (get(grants, grantKey) != null) {
            throw new StoreConflictException("grant " + grant.grantId() + " already exists");
          }
          String json = RecordJson.write(GrantRecord.of(grant));
          grants.put(grantKey, json);
          countGrant(grant.keyId(), +1);
          keyGrantees.put(granteeIndexKey(grant), json);
          if (grant.retiree() != null) {
            retirable.put(retirableKey(grant), json);
          }
          return null;
        });
  }

  @Override
  public Optional<Grant> findGrant(KeyId keyId, String grantId) {
    return read(
        () -> Optional.ofNullable(get(grants, grantKey(keyId, grantId))).map(RecordJson::grant));
  }

  @Override
  public List<Grant> findGrants(KeyId keyId, String granteeScope) {
    String prefix = grantPrefix(keyId) + granteeScope + SEPARATOR;
    return read(
        () -> {
          List<Grant> found = new ArrayList<>();
          Cursor<String, String> entries = keyGrantees.cursor(prefix);
          while (entries.hasNext()) {
            String indexKey = entries.next();
            itemsRead.increment();
            if (!indexKey.startsWith(prefix)) {
              break;
            }
            found.add(RecordJson.grant(entries.getValue()));
          }
          return found;
        });
  }

  @Override
  public Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit) {
    String listing = GRANTS_LISTING + ":" + keyId.value();
    return read(
        () ->
            grantee == null
                ? page(
                    grants,
                    listing,
                    grantPrefix(keyId),
                    cursor,
                    limit,
                    (grantKey, json) -> RecordJson.grant(json))
                : page(
                    keyGrantees,
                    listing + ":" + grantee,
                    grantPrefix(keyId) + Grant.scopeOf(grantee) + SEPARATOR + grantee + SEPARATOR,
                    cursor,
                    limit,
                    (indexKey, json) -> RecordJson.grant(json)));
  }

  @Override
  public Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit) {
    return read(
        () ->
            page(
                retirable,
                RETIRABLE_LISTING + ":" + retiringPrincipal,
                retiringPrincipal + SEPARATOR,
                cursor,
                limit,
                (indexKey, json) -> RecordJson.grant(json)));
  }

  @Override
  public boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return write(
        () -> {
          String json = get(grants, grantKey(keyId, grantId));
          if (json == null) {
            return false;
          }
          removeGrant(RecordJson.grant(json));
          countGrant(keyId, -1);
          outbox.put(record.id(), record.json());
          return true;
        });
  }

  /** One entry: the counter kept with every grant write (a key may have 50,000 grants). */
  @Override
  public int countGrants(KeyId keyId) {
    return read(
        () -> {
          String count = get(grantCounts, keyId.value());
          return count == null ? 0 : Integer.parseInt(count);
        });
  }

  /** Moves a key's grant counter (inside a write); a key without grants has no entry. */
  private void countGrant(KeyId keyId, int delta) {
    String current = grantCounts.get(keyId.value());
    int count = (current == null ? 0 : Integer.parseInt(current)) + delta;
    if (count <= 0) {
      grantCounts.remove(keyId.value());
    } else {
      grantCounts.put(keyId.value(), Integer.toString(count));
    }
  }

  // ---------------------------------------------------------------- last usage

  /**
   * One commit for the whole batch, without an audit record (a use is not a change) and without
   * touching the key records, so no revision moves.
   */
  @Override
  public void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    if (usages.isEmpty()) {
      return;
    }
    write(
        () -> {
          for (KeyLastUsage usage : usages) {
            String keyId = usage.keyId().value();
            if (keys.get(keyId) == null) {
              continue; // deleted since it was used
            }
            String saved = keyLastUsage.get(keyId);
            if (saved == null
                || usage.timestamp().isAfter(RecordJson.keyLastUsage(saved).timestamp())) {
              keyLastUsage.put(keyId, RecordJson.write(KeyLastUsageRecord.of(usage)));
            }
          }
          return null;
        });
  }

  @Override
  public Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    return read(
        () -> Optional.ofNullable(get(keyLastUsage, keyId.value())).map(RecordJson::keyLastUsage));
  }

  /** Removes a grant and its index entries (inside a write). */
  private void removeGrant(Grant grant) {
    grants.remove(grantKey(grant.keyId(), grant.grantId()));
    keyGrantees.remove(granteeIndexKey(grant));
    if (grant.retiree() != null) {
      retirable.remove(retirableKey(grant));
    }
  }

  private List<String> keysWithPrefix(MVMap<String, String> map, String prefix) {
    List<String> found = new ArrayList<>();
    Cursor<String, String> entries = map.cursor(prefix);
    while (entries.hasNext()) {
      String key = entries.next();
      itemsRead.increment();
      if (!key.startsWith(prefix)) {
        break;
      }
      found.add(key);
    }
    return found;
  }

  private static String grantPrefix(KeyId keyId) {
    return keyId.value() + SEPARATOR;
  }

  private static String grantKey(KeyId keyId, String grantId) {
    return grantPrefix(keyId) + grantId;
  }

  private static String granteeIndexKey(Grant grant) {
    return grantPrefix(grant.keyId())
        + grant.granteeScope()
        + SEPARATOR
        + grant.grantee()
        + SEPARATOR
        + grant.grantId();
  }

  private static String retirableKey(Grant grant) {
    return grant.retiree() + SEPARATOR + grant.keyId().value() + SEPARATOR + grant.grantId();
  }

  // ---------------------------------------------------------------- outbox

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE_SIZE + ", got " + limit);
    }
    return read(
        () -> {
          List<OutboxRecord> pending = new ArrayList<>();
          Cursor<String, String> entries = outbox.cursor(null);
          while (pending.size() < limit && entries.hasNext()) {
            String id = entries.next();
            itemsRead.increment();
            pending.add(OutboxRecord.stored(id, entries.getValue()));
          }
          return pending;
        });
  }

  @Override
  public void removeRecord(String recordId) {
    write(() -> outbox.remove(recordId));
  }

  // ---------------------------------------------------------------- reading, writing, closing

  /**
   * One page of the entries of {@code map} whose keys start with {@code prefix}, in key order,
   * after the cursor's position. Reads one entry past the page to know whether another page
   * follows.
   */
  private <T> Page<T> page(
      MVMap<String, String> map,
      String listing,
      String prefix,
      String cursor,
      int limit,
      BiFunction<String, String, T> toItem) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE_SIZE + ", got " + limit);
    }
    String after = cursor == null ? null : PageCursor.decode(listing, cursor);
    if (after != null && !after.startsWith(prefix)) {
      throw new IllegalArgumentException("not a cursor of this store's " + listing + " listing");
    }
    List<T> items = new ArrayList<>();
    String last = null;
    Cursor<String, String> entries = map.cursor(after == null ? prefix : after);
    while (entries.hasNext()) {
      String key = entries.next();
      itemsRead.increment();
      if (key.equals(after)) {
        continue;
      }
      if (!key.startsWith(prefix)) {
        break;
      }
      if (items.size() == limit) {
        return new Page<>(items, PageCursor.encode(listing, last));
      }
      items.add(toItem.apply(key, entries.getValue()));
      last = key;
    }
    return new Page<>(items, null);
  }

  private String get(MVMap<String, String> map, String key) {
    itemsRead.increment();
    return map.get(key);
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** Runs {@code query} under the read lock: no write is under way, so all it sees is durable. */
  private <T> T read(Supplier<T> query) {
    lock.readLock().lock();
    try {
      requireOpen();
      return query.get();
    } catch (MVStoreException e) {
      throw new StoreUnavailableException("key store read failed", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void requireOpen() {
    if (mv.isClosed()) {
      // a closed in-memory MVStore still answers reads; a closed store must not
      throw new StoreUnavailableException("the key store is closed", null);
    }
  }

  /**
   * {@link #write(Supplier)} of a change together with its audit record: the record is put in the
   * outbox map after the change succeeded, and both go in the same commit.
   */
  private <T> T write(OutboxRecord record, Supplier<T> change) {
    Objects.requireNonNull(record, "record");
    return write(
        () -> {
          T result = change.get();
          outbox.put(record.id(), record.json());
          return result;
        });
  }

  /**
   * Runs {@code change} under the write lock and commits it as one MVStore version, fsync'd when
   * the store is a file, before any reader can see it. On a failure before the commit ends the
   * change is rolled back, so the maps are never left half changed; a {@link
   * StoreConflictException} is thrown before anything changed. A failed fsync closes the store (see
   * the class comment).
   */
  private <T> T write(Supplier<T> change) {
    lock.writeLock().lock();
    try {
      requireOpen();
      T result;
      boolean changed;
      try {
        result = change.get();
        changed = mv.hasUnsavedChanges();
        if (changed) {
          mv.commit();
        }
      } catch (RuntimeException e) {
        discardUncommitted(e);
        throw e instanceof MVStoreException
            ? new StoreUnavailableException("key store write failed", e)
            : e;
      }
      if (changed) {
        syncOrClose();
      }
      return result;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Makes the commit durable; if it cannot, nobody may read it: the store closes. */
  private void syncOrClose() {
    try {
      mv.sync();
    } catch (RuntimeException e) {
      StoreUnavailableException failure =
          new StoreUnavailableException(
              "key store write may not be durable (fsync failed); the store is closed", e);
      try {
        mv.closeImmediately();
      } catch (RuntimeException closing) {
        failure.addSuppressed(closing);
      }
      throw failure;
    }
  }

  private void discardUncommitted(RuntimeException failure) {
    try {
      mv.rollback();
    } catch (MVStoreException e) {
      // after a failed file write MVStore has closed itself, and throws its panic again
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Closes the store (the file, so every region's view), waiting for a write under way; MVStore
   * compacts the file on close. Idempotent.
   *
   * @throws StoreUnavailableException if the final write to the file fails
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      mv.close();
    } catch (MVStoreException e) {
      throw new StoreUnavailableException("closing the key store failed", e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
