package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
  private final KeyTable table;
  private final KeyRecords keys;
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
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(tableName, "tableName");
    this.table = new KeyTable(client, tableName);
    this.outbox = new OutboxRecords(table);
    this.customKeyStores = new CustomKeyStoreRecords(table, outbox);
    this.keys = new KeyRecords(table, outbox, customKeyStores);
    this.aliases = new AliasRecords(table, outbox);
    this.listings = new Listings(table);
    this.grants = new GrantRecords(table, outbox);
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
    Objects.requireNonNull(record, "record");
    return call("create key " + key.keyId(), () -> keys.create(key, record));
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
    return call("count grants of " + keyId, () -> grants.count(keyId));
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
