package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.StoreConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Custom key stores: the store item ({@link CustomKeyStoreItem}), its name item and its keys'
 * membership items ({@link MarkerItem}). A store's key count is one COUNT Query of its membership
 * partition. Keys join and leave in their own create and delete transactions ({@link #join}, {@link
 * #leave}), which also change the store's {@code keyEpoch}: deleting a store is conditioned on the
 * epoch it read with the count, so a key created meanwhile cancels the delete.
 */
final class CustomKeyStoreRecords {
  private static final String LISTING = "customKeyStores";

  private final KeyTable table;
  private final ItemKeys keys;
  private final OutboxRecords outbox;

  CustomKeyStoreRecords(KeyTable table, ItemKeys keys, OutboxRecords outbox) {
    this.table = table;
    this.keys = keys;
    this.outbox = outbox;
  }

  CustomKeyStore create(CustomKeyStore customKeyStore, OutboxRecord record) {
    CustomKeyStore stored = customKeyStore.stored(1, 0);
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    tx.addPutItem(
        table.customKeyStores,
        TransactPutItemEnhancedRequest.builder(CustomKeyStoreItem.class)
            .item(CustomKeyStoreItem.of(keys, stored, newEpoch()))
            .conditionExpression(Conditions.absent())
            .build());
    tx.addPutItem(
        table.markers,
        TransactPutItemEnhancedRequest.builder(MarkerItem.class)
            .item(MarkerItem.name(keys, stored.name(), stored.id()))
            .conditionExpression(Conditions.absent())
            .build());
    outbox.addTo(tx, record);
    table.transact(tx.build());
    return stored;
  }

  Optional<CustomKeyStore> find(String id) {
    return table
        .get(table.customKeyStores, keys.customKeyStore(id))
        .map(item -> item.toCustomKeyStore(count(id)));
  }

  Optional<CustomKeyStore> findByName(String name) {
    return table
        .get(table.markers, keys.customKeyStoreName(name))
        .flatMap(marker -> find(marker.storeId));
  }

  Page<CustomKeyStore> list(String cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
    }
    String after = cursor == null ? null : PageCursor.decode(LISTING, cursor);
    Key partition = Key.builder().partitionValue(keys.customKeyStores()).build();
    QueryConditional condition =
        after == null
            ? QueryConditional.keyEqualTo(partition)
            : QueryConditional.sortGreaterThan(
                Key.builder().partitionValue(keys.customKeyStores()).sortValue(after).build());
    List<CustomKeyStoreItem> items =
        table.query(
            table.customKeyStores,
            QueryEnhancedRequest.builder().queryConditional(condition),
            limit + 1);
    List<CustomKeyStore> stores = new ArrayList<>();
    for (CustomKeyStoreItem item : items.subList(0, Math.min(limit, items.size()))) {
      stores.add(item.toCustomKeyStore(count(item.sk)));
    }
    return new Page<>(
        stores, items.size() > limit ? PageCursor.encode(LISTING, items.get(limit - 1).sk) : null);
  }

  CustomKeyStore update(CustomKeyStore changed, OutboxRecord record) {
    CustomKeyStoreItem current =
        table
            .get(table.customKeyStores, storeKey(changed.id()))
            .orElseThrow(
                () -> new StoreConflictException("custom key store " + changed.id() + " is gone"));
    if (current.revision == null || current.revision != changed.revision()) {
      throw new StoreConflictException(
          "custom key store " + changed.id() + " is at revision " + current.revision);
    }
    CustomKeyStore stored = changed.stored(changed.revision() + 1, 0);
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    tx.addPutItem(
        table.customKeyStores,
        TransactPutItemEnhancedRequest.builder(CustomKeyStoreItem.class)
            // a new epoch, never the one read: a key created meanwhile must not be written back
            .item(CustomKeyStoreItem.of(keys, stored, newEpoch()))
            .conditionExpression(Conditions.revisionIs(changed.revision()))
            .build());
    if (!current.name.equals(changed.name())) {
      tx.addDeleteItem(table.markers, keys.customKeyStoreName(current.name));
      tx.addPutItem(
          table.markers,
          TransactPutItemEnhancedRequest.builder(MarkerItem.class)
              .item(MarkerItem.name(keys, changed.name(), changed.id()))
              .conditionExpression(Conditions.absent())
              .build());
    }
    if (record != null) {
      outbox.addTo(tx, record);
    }
    table.transact(tx.build());
    return changed.stored(changed.revision() + 1, changed.keyCount());
  }

  void delete(String id, long expectedRevision, OutboxRecord record) {
    CustomKeyStoreItem current =
        table
            .get(table.customKeyStores, storeKey(id))
            .orElseThrow(() -> new StoreConflictException("custom key store " + id + " is gone"));
    if (current.revision == null || current.revision != expectedRevision) {
      throw new StoreConflictException("custom key store " + id + " changed");
    }
    if (count(id) > 0) {
      throw new StoreConflictException("custom key store " + id + " holds keys");
    }
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    tx.addDeleteItem(
        table.customKeyStores,
        TransactDeleteItemEnhancedRequest.builder()
            .key(storeKey(id))
            .conditionExpression(revisionAndEpoch(expectedRevision, current.keyEpoch))
            .build());
    tx.addDeleteItem(table.markers, keys.customKeyStoreName(current.name));
    outbox.addTo(tx, record);
    table.transact(tx.build());
  }

  /** In a key's create transaction: the store must exist; the key joins it. */
  void join(TransactWriteItemsEnhancedRequest.Builder tx, String storeId, KeyId keyId) {
    tx.addUpdateItem(
        table.customKeyStores,
        TransactUpdateItemEnhancedRequest.builder(CustomKeyStoreItem.class)
            .item(CustomKeyStoreItem.epoch(keys, storeId, newEpoch()))
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .conditionExpression(Conditions.present())
            .build());
    tx.addPutItem(table.markers, MarkerItem.member(keys, storeId, keyId.value()));
  }

  /** In a key's delete transaction: the key leaves its store. */
  void leave(TransactWriteItemsEnhancedRequest.Builder tx, String storeId, KeyId keyId) {
    tx.addUpdateItem(
        table.customKeyStores,
        TransactUpdateItemEnhancedRequest.builder(CustomKeyStoreItem.class)
            .item(CustomKeyStoreItem.epoch(keys, storeId, newEpoch()))
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .conditionExpression(Conditions.present())
            .build());
    tx.addDeleteItem(
        table.markers, ItemKeys.key(keys.customKeyStoreMembers(storeId), keyId.value()));
  }

  private int count(String storeId) {
    return table.count(
        table.markers,
        QueryConditional.keyEqualTo(
            Key.builder().partitionValue(keys.customKeyStoreMembers(storeId)).build()));
  }

  private Key storeKey(String id) {
    return keys.customKeyStore(id);
  }

  private static String newEpoch() {
    return UUID.randomUUID().toString();
  }

  private static Expression revisionAndEpoch(long revision, String epoch) {
    return Expression.builder()
        .expression("#revision = :expected AND #epoch = :epoch")
        .putExpressionName("#revision", KeyItem.REVISION)
        .putExpressionName("#epoch", CustomKeyStoreItem.KEY_EPOCH)
        .putExpressionValue(":expected", AttributeValue.fromN(Long.toString(revision)))
        .putExpressionValue(":epoch", AttributeValue.fromS(epoch))
        .build();
  }
}
