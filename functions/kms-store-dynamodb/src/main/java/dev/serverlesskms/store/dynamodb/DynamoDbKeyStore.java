package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@link KeyStore} on one DynamoDB table (layout: {@link KeyTableDefinition}), through the
 * Enhanced Client with explicit table schemas.
 *
 * <p>Cost of each call, in DynamoDB requests:
 *
 * <ul>
 *   <li>{@link #find}, the hot path: <b>one Query</b> of the key's partition returns the metadata
 *       and every version (a second page only past 1 MB of versions; again only if the read raced a
 *       commit);
 *   <li>{@link #create}: one TransactWriteItems (metadata, on {@code attribute_not_exists}, the
 *       audit record, and every version);
 *   <li>{@link #update}: one GetItem of the metadata, then one TransactWriteItems (metadata, on
 *       {@code revision = expected}, the audit record, plus new versions);
 *   <li>{@link #delete}: one Query of the partition, then one TransactWriteItems (metadata on the
 *       revision, the audit record, versions, aliases), chunked only past 100 items;
 *   <li>{@link #findDue}, {@link #listKeys}, {@link #listAliases}, {@link #countAliases}: one Query
 *       each, never a Scan; {@link #findAlias}: one GetItem; alias writes: a GetItem and a
 *       TransactWriteItems with the audit record (create: the transaction only);
 *   <li>{@link #pendingRecords}: one Query of the {@code OUTBOX} partition; {@link #removeRecord}:
 *       one DeleteItem.
 * </ul>
 *
 * <p>Every write of a key, an alias or a grant puts its audit record ({@code pk = OUTBOX}) in the
 * same transaction as the change ({@link OutboxRecords}): DynamoDB commits both or neither.
 *
 * <p>Failures: a write that lost a race (condition failed, or a concurrent transaction on the same
 * item) throws {@link StoreConflictException} with nothing written; any other SDK failure ({@code
 * SdkClientException}, {@code DynamoDbException}) throws {@link StoreUnavailableException}. Reads
 * of the table are strongly consistent; listings of all keys and aliases and {@code findDue} read
 * global secondary indexes, which DynamoDB keeps eventually consistent.
 *
 * <p>Thread-safe; holds no connection of its own (the caller owns and closes the client).
 */
public final class DynamoDbKeyStore implements KeyStore {
  /**
   * The region a store made without naming one takes as its default; callers that serve several
   * regions name theirs ({@code kms.region}).
   */
  public static final String DEFAULT_REGION = "us-east-1";

  private final KeyTable table;
  private final String defaultRegion;
  private final ItemKeys itemKeys;
  private final KeyRecords keys;
  private final RegionRecords regions;
  private final ActivityRecords activity;
  private final ConcurrentMap<String, DynamoDbKeyStore> views;
  private final AliasRecords aliases;
  private final Listings listings;
  private final OutboxRecords outbox;
  private final GrantRecords grants;
  private final CustomKeyStoreRecords customKeyStores;

  /**
   * @param client any configured client (region, credentials, HTTP client are the caller's choice)
   * @param tableName a table laid out as {@link KeyTableDefinition} describes
   */
  public DynamoDbKeyStore(DynamoDbClient client, String tableName) {
    this(client, tableName, DEFAULT_REGION);
  }

  /**
   * @param client any configured client (region, credentials, HTTP client are the caller's choice)
   * @param tableName a table laid out as {@link KeyTableDefinition} describes
   * @param defaultRegion the KMS's default region ({@code kms.region}): this store is its view, and
   *     its items keep the layout they had before regions ({@link #inRegion})
   */
  public DynamoDbKeyStore(DynamoDbClient client, String tableName, String defaultRegion) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(tableName, "tableName");
    requireRegion(defaultRegion);
    this.table = new KeyTable(client, tableName);
    this.defaultRegion = defaultRegion;
    this.views = new ConcurrentHashMap<>();
    this.itemKeys = ItemKeys.defaultRegion(defaultRegion);
    views.put(defaultRegion, this);
    this.outbox = new OutboxRecords(table);
    this.regions = new RegionRecords(table, itemKeys);
    this.activity = new ActivityRecords(table, itemKeys);
    this.customKeyStores = new CustomKeyStoreRecords(table, itemKeys, outbox);
    this.keys = new KeyRecords(table, itemKeys, outbox, customKeyStores, regions, activity);
    this.aliases = new AliasRecords(table, itemKeys, outbox);
    this.listings = new Listings(table, itemKeys);
    this.grants = new GrantRecords(table, itemKeys, outbox, activity);
  }

  /** Another region's view of the same table; shares the table handle and the views. */
  private DynamoDbKeyStore(DynamoDbKeyStore root, String region) {
    this.table = root.table;
    this.defaultRegion = root.defaultRegion;
    this.views = root.views;
    this.itemKeys = ItemKeys.otherRegion(region);
    this.outbox = root.outbox;
    this.regions = new RegionRecords(table, itemKeys);
    this.activity = new ActivityRecords(table, itemKeys);
    this.customKeyStores = new CustomKeyStoreRecords(table, itemKeys, outbox);
    this.keys = new KeyRecords(table, itemKeys, outbox, customKeyStores, regions, activity);
    this.aliases = new AliasRecords(table, itemKeys, outbox);
    this.listings = new Listings(table, itemKeys);
    this.grants = new GrantRecords(table, itemKeys, outbox, activity);
  }

  private static void requireRegion(String region) {
    if (!KmsLocation.isRegion(region)) {
      throw new IllegalArgumentException("not a region name: " + region);
    }
  }

  /** The region this view stores. */
  public String region() {
    return itemKeys.region();
  }

  /**
   * The view of {@code region}: one per region, made once and kept (they hold no connection). The
   * default region's view is this store as constructed, whose items have no region prefix; every
   * other region's partition values start with {@code <region>#} (see {@code TABLE.md}).
   */
  @Override
  public KeyStore inRegion(String region) {
    requireRegion(region);
    return views.computeIfAbsent(region, r -> new DynamoDbKeyStore(views.get(defaultRegion), r));
  }

  /** One Query of the regions' counter items ({@code pk = REGIONS}); never a scan. */
  @Override
  public Set<String> regions() {
    return call("list regions", () -> regions.regions(defaultRegion));
  }

  /**
   * How many items this store has read since it was made: the items returned by its GetItem calls
   * plus the items its Queries evaluated (index entries for index queries). Lets tests show that
   * {@link #findDue} reads only due keys and a listing only about one page.
   */
  public long itemsRead() {
    return table.itemsRead();
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record) {
    return create(key, record, Long.MAX_VALUE);
  }

  @Override
  public KmsKey create(KmsKey key, OutboxRecord record, long customerKeyQuota) {
    Objects.requireNonNull(record, "record");
    return call("create key " + key.keyId(), () -> keys.create(key, record, customerKeyQuota));
  }

  /** One GetItem of the region's counter item. */
  @Override
  public long countCustomerKeys() {
    return call("count customer managed keys", regions::customerKeys);
  }

  /** One UpdateItem per key (the newest use of each), on the key's activity item. */
  @Override
  public void saveKeyLastUsage(Collection<KeyLastUsage> usages) {
    Objects.requireNonNull(usages, "usages");
    call(
        "save key last usage",
        () -> {
          activity.saveLastUsage(usages, grants::count);
          return null;
        });
  }

  /** One GetItem of the key's activity item. */
  @Override
  public Optional<KeyLastUsage> findKeyLastUsage(KeyId keyId) {
    return call("find last usage of " + keyId, () -> activity.lastUsage(keyId));
  }

  @Override
  public Optional<KmsKey> find(KeyId keyId) {
    return call("find key " + keyId, () -> keys.find(keyId));
  }

  @Override
  public KmsKey update(KmsKey changed, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return call("update key " + changed.keyId(), () -> keys.update(changed, record));
  }

  @Override
  public void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    call(
        "delete key " + keyId,
        () -> {
          keys.delete(keyId, expectedRevision, record);
          return null;
        });
  }

  @Override
  public Page<KeyId> listKeys(String cursor, int limit) {
    return call("list keys", () -> listings.keys(cursor, limit));
  }

  @Override
  public void createAlias(Alias alias, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    call(
        "create alias " + alias.aliasName(),
        () -> {
          aliases.create(alias, record);
          return null;
        });
  }

  @Override
  public Optional<Alias> findAlias(String aliasName) {
    return call("find alias " + aliasName, () -> aliases.find(aliasName));
  }

  @Override
  public void updateAlias(Alias alias, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    call(
        "update alias " + alias.aliasName(),
        () -> {
          aliases.update(alias, record);
          return null;
        });
  }

  @Override
  public boolean deleteAlias(String aliasName, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return call("delete alias " + aliasName, () -> aliases.delete(aliasName, record));
  }

  @Override
  public Page<Alias> listAliases(KeyId targetKeyId, String cursor, int limit) {
    return call(
        "list aliases",
        () ->
            targetKeyId == null
                ? listings.aliases(cursor, limit)
                : listings.aliasesOf(targetKeyId, cursor, limit));
  }

  @Override
  public int countAliases(KeyId targetKeyId) {
    return call("count aliases of " + targetKeyId, () -> aliases.count(targetKeyId));
  }

  @Override
  public void createGrant(Grant grant, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    call(
        "create grant " + grant.grantId(),
        () -> {
          grants.create(grant, record);
          return null;
        });
  }

  @Override
  public Optional<Grant> findGrant(KeyId keyId, String grantId) {
    return call("find grant " + grantId, () -> grants.find(keyId, grantId));
  }

  @Override
  public List<Grant> findGrants(KeyId keyId, String granteeScope) {
    return call("find grants on " + keyId, () -> grants.findByScope(keyId, granteeScope));
  }

  @Override
  public Page<Grant> listGrants(KeyId keyId, String grantee, String cursor, int limit) {
    return call("list grants of " + keyId, () -> grants.list(keyId, grantee, cursor, limit));
  }

  @Override
  public Page<Grant> listRetirableGrants(String retiringPrincipal, String cursor, int limit) {
    return call("list retirable grants", () -> grants.retirable(retiringPrincipal, cursor, limit));
  }

  @Override
  public boolean deleteGrant(KeyId keyId, String grantId, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return call("delete grant " + grantId, () -> grants.delete(keyId, grantId, record));
  }

  @Override
  public int countGrants(KeyId keyId) {
    return call("count grants of " + keyId, () -> grants.countFast(keyId));
  }

  @Override
  public List<KeyId> findDue(Instant now, int limit) {
    return call("find due keys", () -> listings.due(now, limit));
  }

  @Override
  public List<OutboxRecord> pendingRecords(int limit) {
    return call("read the audit outbox", () -> outbox.pending(limit));
  }

  @Override
  public void removeRecord(String recordId) {
    call(
        "remove audit record " + recordId,
        () -> {
          outbox.remove(recordId);
          return null;
        });
  }

  @Override
  public CustomKeyStore createCustomKeyStore(CustomKeyStore customKeyStore, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    return call(
        "create custom key store " + customKeyStore.id(),
        () -> customKeyStores.create(customKeyStore, record));
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(String customKeyStoreId) {
    return call(
        "find custom key store " + customKeyStoreId, () -> customKeyStores.find(customKeyStoreId));
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(String name) {
    return call("find custom key store by name", () -> customKeyStores.findByName(name));
  }

  @Override
  public Page<CustomKeyStore> listCustomKeyStores(String cursor, int limit) {
    return call("list custom key stores", () -> customKeyStores.list(cursor, limit));
  }

  @Override
  public CustomKeyStore updateCustomKeyStore(CustomKeyStore changed, OutboxRecord record) {
    return call(
        "update custom key store " + changed.id(), () -> customKeyStores.update(changed, record));
  }

  @Override
  public void deleteCustomKeyStore(
      String customKeyStoreId, long expectedRevision, OutboxRecord record) {
    Objects.requireNonNull(record, "record");
    call(
        "delete custom key store " + customKeyStoreId,
        () -> {
          customKeyStores.delete(customKeyStoreId, expectedRevision, record);
          return null;
        });
  }

  /** Runs one store call, translating SDK failures (including those of lazily fetched pages). */
  private static <T> T call(String what, Supplier<T> body) {
    try {
      return body.get();
    } catch (SdkException e) {
      throw StoreErrors.translate(e, what);
    }
  }
}
