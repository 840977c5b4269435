package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.QuotaExceededException;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Keys: create, find, update and delete. Each write is one TransactWriteItems whose first item, the
 * metadata, carries the condition (create-once, or the expected revision), so a write that loses a
 * race writes nothing; its second item is the audit record of the change, in the outbox ({@link
 * OutboxRecords}), so the change is never stored without its record.
 *
 * <p>Versions are append-only. {@code versionCount} on the metadata item says how many there are;
 * an update writes only the versions past the stored count and never rewrites an existing one. The
 * one way a key loses versions, removal of imported key material (the domain empties the list),
 * deletes the version items in the same transaction.
 */
final class KeyRecords {
  /** DynamoDB's limit on the items of one TransactWriteItems. */
  static final int MAX_TRANSACTION_ITEMS = 100;

  /** Queries of one key made again after a read torn by a concurrent commit (see KeyPartition). */
  private static final int TORN_READ_ATTEMPTS = 5;

  /** Attempts of a create cancelled only by a concurrent transaction on the region's counter. */
  private static final int CREATE_ATTEMPTS = 5;

  private final KeyTable table;
  private final ItemKeys keys;
  private final OutboxRecords outbox;
  private final CustomKeyStoreRecords customKeyStores;
  private final RegionRecords regions;
  private final ActivityRecords activity;

  KeyRecords(
      KeyTable table,
      ItemKeys keys,
      OutboxRecords outbox,
      CustomKeyStoreRecords customKeyStores,
      RegionRecords regions,
      ActivityRecords activity) {
    this.table = table;
    this.keys = keys;
    this.outbox = outbox;
    this.customKeyStores = customKeyStores;
    this.regions = regions;
    this.activity = activity;
  }

  /**
   * One transaction: the metadata (create-once), the audit record, the region's counter (checked
   * against {@code quota} for a customer managed key), the key's activity item, the custom key
   * store's membership if any, and every version. A transaction cancelled only because another one
   * held the region's counter (concurrent creates in one region) wrote nothing and is sent again.
   *
   * @param quota the region's customer managed key quota, {@link Long#MAX_VALUE} for none
   * @throws QuotaExceededException if the region's counter is at the quota; nothing is written
   */
  KmsKey create(KmsKey key, OutboxRecord record, long quota) {
    KmsKey stored = key.toBuilder().revision(1).build();
    boolean customerKey = stored.keyManager() != KeyManager.AWS;
    if (customerKey && quota <= 0) {
      throw quotaExceeded(quota);
    }
    int extra = stored.customKeyStoreId() != null ? 2 : 0;
    requireOneTransaction(4 + extra + stored.versions().size(), "create key " + key.keyId());
    regions.ensureCounted();
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    tx.addPutItem(table.keys, putMeta(stored, Conditions.absent()));
    outbox.addTo(tx, record);
    if (stored.customKeyStoreId() != null) {
      customKeyStores.join(tx, stored.customKeyStoreId(), stored.keyId());
    }
    for (KeyVersion version : stored.versions()) {
      tx.addPutItem(table.versions, KeyItemMapper.toItem(keys, stored.keyId(), version));
    }
    List<TransactWriteItem> items = new ArrayList<>(tx.build().transactWriteItems());
    int counter = items.size();
    items.add(regions.onCreate(customerKey, quota));
    items.add(activity.onCreate(stored.keyId()));
    for (int attempt = 1; ; attempt++) {
      try {
        table.transact(items);
        return stored;
      } catch (TransactionCanceledException e) {
        List<String> reasons = StoreErrors.reasonCodes(e);
        boolean metaFailed =
            reasons.size() > 0 && StoreErrors.CONDITION_FAILED.equals(reasons.get(0));
        if (!metaFailed
            && reasons.size() > counter
            && StoreErrors.CONDITION_FAILED.equals(reasons.get(counter))) {
          throw quotaExceeded(quota);
        }
        if (attempt == CREATE_ATTEMPTS || !StoreErrors.onlyConflicts(reasons)) {
          throw e;
        }
        StoreErrors.pause(attempt);
      }
    }
  }

  private QuotaExceededException quotaExceeded(long quota) {
    return new QuotaExceededException(
        "region " + keys.region() + " holds its quota of " + quota + " customer managed keys");
  }

  /**
   * One Query of the key's partition from {@code sk = META} on: the metadata and every version in
   * one round trip (more only past 1 MB of versions, following DynamoDB's pages), skipping the
   * alias copies that sort before {@code META}. Queries again if the read was torn by a commit.
   */
  Optional<KmsKey> find(KeyId keyId) {
    QueryConditional metaAndVersions = QueryConditional.sortGreaterThanOrEqualTo(keys.meta(keyId));
    for (int attempt = 1; ; attempt++) {
      KeyPartition partition = KeyPartition.of(table.queryPartition(metaAndVersions));
      Optional<KmsKey> key = partition.key();
      if (key.isPresent() || !partition.exists()) {
        return key;
      }
      if (attempt == TORN_READ_ATTEMPTS) {
        throw new StoreUnavailableException(
            "key " + keyId + " kept changing while being read (" + attempt + " attempts)", null);
      }
    }
  }

  /**
   * Reads the metadata item (one GetItem: which versions are stored), then writes the new metadata
   * with the condition {@code revision = changed.revision()}, the audit record, the versions past
   * the stored count, and deletes of versions the key no longer has, all in one transaction.
   */
  KmsKey update(KmsKey changed, OutboxRecord record) {
    KeyId keyId = changed.keyId();
    KeyItem current =
        table
            .get(table.keys, keys.meta(keyId))
            .orElseThrow(() -> new StoreConflictException("key " + keyId + " does not exist"));
    requireRevision(keyId, current.revision, changed.revision());
    KmsKey stored = changed.toBuilder().revision(changed.revision() + 1).build();
    int storedCount = current.versionCount == null ? 0 : current.versionCount;
    List<KeyVersion> versions = stored.versions();

    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    tx.addPutItem(table.keys, putMeta(stored, Conditions.revisionIs(changed.revision())));
    outbox.addTo(tx, record);
    int items = 2;
    for (int i = storedCount; i < versions.size(); i++, items++) {
      tx.addPutItem(table.versions, KeyItemMapper.toItem(keys, keyId, versions.get(i)));
    }
    for (int number = versions.size() + 1; number <= storedCount; number++, items++) {
      tx.addDeleteItem(table.versions, keys.version(keyId, number));
    }
    requireOneTransaction(items, "update key " + keyId);
    table.transact(tx.build());
    return stored;
  }

  /**
   * Reads the whole partition (metadata, versions, alias copies, grants), then deletes the metadata
   * (on the condition {@code revision = expectedRevision}), every version, every alias of the key,
   * both the alias item and its copy, and every grant on it with its copies, and puts the audit
   * record, in one transaction. An alias item is deleted only if it still points at this key, so an
   * alias moved away in the meantime cancels the delete (a conflict) instead of being lost.
   *
   * <p>Chunked only past 100 items (a key with many versions, aliases or grants; AWS allows 50
   * aliases and 50,000 grants per key): the first transaction then holds the conditional metadata
   * delete, the audit record and all alias items, so the key is gone, atomically and only if the
   * revision matched, before anything else is touched; the further transactions remove the retiring
   * copies of its grants (listed by ListRetirableGrants, so first), alias copies, grants and
   * versions, which no other caller reaches once the metadata item is gone. If one of those fails,
   * its items stay behind (and the failure is thrown): {@code find} ignores a partition without
   * metadata item, and versions past {@code versionCount}.
   */
  void delete(KeyId keyId, long expectedRevision, OutboxRecord record) {
    KeyPartition partition =
        KeyPartition.of(
            table.queryPartition(
                QueryConditional.keyEqualTo(
                    Key.builder().partitionValue(keys.keyPartition(keyId)).build())));
    if (!partition.exists()) {
      throw new StoreConflictException("key " + keyId + " does not exist");
    }
    requireRevision(keyId, partition.meta().revision, expectedRevision);

    List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> deletes = new ArrayList<>();
    deletes.add(
        tx ->
            tx.addDeleteItem(
                table.keys,
                TransactDeleteItemEnhancedRequest.builder()
                    .key(keys.meta(keyId))
                    .conditionExpression(Conditions.revisionIs(expectedRevision))
                    .build()));
    deletes.add(tx -> outbox.addTo(tx, record));
    // the counters change with the metadata delete, in the first transaction
    List<TransactWriteItem> counters = new ArrayList<>();
    counters.add(activity.onDelete(keyId));
    if (WireNames.keyManager(partition.meta().keyManager) != KeyManager.AWS) {
      regions.ensureCounted();
      counters.add(regions.onDelete());
    }
    String customKeyStoreId = partition.meta().customKeyStoreId;
    if (customKeyStoreId != null) {
      deletes.add(tx -> customKeyStores.leave(tx, customKeyStoreId, keyId));
    }
    for (AliasItem copy : partition.aliasCopies()) {
      deletes.add(
          tx ->
              tx.addDeleteItem(
                  table.aliases,
                  TransactDeleteItemEnhancedRequest.builder()
                      .key(keys.alias(copy.aliasName))
                      .conditionExpression(Conditions.aliasGoneOrTargets(keyId))
                      .build()));
    }
    for (GrantItem grant : partition.grants()) {
      if (grant.retiringPrincipal != null || grant.retiringServicePrincipal != null) {
        String retiree =
            grant.retiringPrincipal != null
                ? grant.retiringPrincipal
                : grant.retiringServicePrincipal;
        deletes.add(
            tx ->
                tx.addDeleteItem(
                    table.grants,
                    ItemKeys.key(
                        keys.retiringPartition(retiree),
                        ItemKeys.retiringCopySortKey(keyId, grant.grantId))));
      }
    }
    for (AliasItem copy : partition.aliasCopies()) {
      deletes.add(tx -> tx.addDeleteItem(table.aliases, keys.aliasCopy(keyId, copy.aliasName)));
    }
    for (GrantItem grant : partition.grants()) {
      deletes.add(tx -> tx.addDeleteItem(table.grants, ItemKeys.key(grant.pk, grant.sk)));
    }
    for (GrantItem copy : partition.granteeCopies()) {
      deletes.add(tx -> tx.addDeleteItem(table.grants, ItemKeys.key(copy.pk, copy.sk)));
    }
    for (VersionItem version : partition.versionItems()) {
      deletes.add(tx -> tx.addDeleteItem(table.versions, ItemKeys.key(version.pk, version.sk)));
    }
    int first = MAX_TRANSACTION_ITEMS - counters.size();
    for (int from = 0; from < deletes.size(); ) {
      int to = Math.min(deletes.size(), from + (from == 0 ? first : MAX_TRANSACTION_ITEMS));
      TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
      deletes.subList(from, to).forEach(d -> d.accept(tx));
      if (from == 0) {
        List<TransactWriteItem> items = new ArrayList<>(tx.build().transactWriteItems());
        items.addAll(counters);
        table.transact(items);
      } else {
        table.transact(tx.build());
      }
      from = to;
    }
  }

  private TransactPutItemEnhancedRequest<KeyItem> putMeta(KmsKey key, Expression condition) {
    return TransactPutItemEnhancedRequest.builder(KeyItem.class)
        .item(KeyItemMapper.toItem(keys, key))
        .conditionExpression(condition)
        .build();
  }

  private static void requireRevision(KeyId keyId, Long stored, long expected) {
    if (stored == null || stored != expected) {
      throw new StoreConflictException(
          "key "
              + keyId
              + " is at revision "
              + stored
              + ", not "
              + expected
              + "; nothing was written");
    }
  }

  /**
   * Creating or updating a key is one transaction or nothing; DynamoDB takes 100 items per
   * transaction, so one call can write at most 99 versions (a rotation writes one).
   */
  private static void requireOneTransaction(int items, String what) {
    if (items > MAX_TRANSACTION_ITEMS) {
      throw new IllegalArgumentException(
          what
              + " needs "
              + items
              + " items in one transaction; DynamoDB allows "
              + MAX_TRANSACTION_ITEMS);
    }
  }
}
