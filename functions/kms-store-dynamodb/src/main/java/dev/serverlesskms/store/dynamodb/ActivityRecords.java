package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A key's activity item ({@code pk = KEY#<id>, sk = ACTIVITY}): what changes without changing the
 * key, so without its revision. {@code grants}, the number of grants on the key, and its last use
 * ({@code lastUsedAt}, a fixed-width instant so that string order is time order, {@code
 * lastUsedOperation}, {@code lastUsedEventId}, {@code lastUsedRequestId}).
 *
 * <p>The item is put with {@code grants = 0} in the key's create transaction and deleted in the
 * first transaction of its delete, so it exists exactly while the key does: a write conditioned on
 * {@code attribute_exists(grants)} is a write to an existing key. CreateGrant and DeleteGrant add 1
 * and -1 in their own transactions, so {@code countGrants} is one GetItem however many grants a key
 * has. Last uses are saved with one UpdateItem per key, conditioned on the key existing and the
 * stored use being older, which never touches the metadata item: a use never makes a concurrent
 * change of the key conflict.
 *
 * <p>Keys created before this item existed have none (and may have grants). A write that finds no
 * item while the key's metadata exists counts the key's grants once (a Query with {@code Select
 * COUNT}) and creates the item, in a transaction conditioned on the metadata item, then writes
 * again; {@code countGrants} of such a key counts its grants instead.
 */
final class ActivityRecords {
  static final String GRANTS = "grants";
  static final String LAST_USED_AT = "lastUsedAt";
  static final String LAST_USED_OPERATION = "lastUsedOperation";
  static final String LAST_USED_EVENT_ID = "lastUsedEventId";
  static final String LAST_USED_REQUEST_ID = "lastUsedRequestId";

  private final KeyTable table;
  private final ItemKeys keys;

  ActivityRecords(KeyTable table, ItemKeys keys) {
    this.table = table;
    this.keys = keys;
  }

  /** The activity item of a new key, for its create transaction. */
  TransactWriteItem onCreate(KeyId keyId) {
    Map<String, AttributeValue> item = new HashMap<>(key(keyId));
    item.put(GRANTS, RegionRecords.number(0));
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table.tableName).item(item).build())
        .build();
  }

  /** The removal of the activity item, for the first transaction of its key's delete. */
  TransactWriteItem onDelete(KeyId keyId) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table.tableName).key(key(keyId)).build())
        .build();
  }

  /**
   * Adds {@code delta} to the key's grant count, if the item exists (cancelled otherwise: the key
   * is gone, or predates the item, see {@link #createForLegacyKey}).
   */
  TransactWriteItem addGrants(KeyId keyId, int delta) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table.tableName)
                .key(key(keyId))
                .updateExpression("ADD #g :d")
                .conditionExpression("attribute_exists(#g)")
                .expressionAttributeNames(Map.of("#g", GRANTS))
                .expressionAttributeValues(Map.of(":d", RegionRecords.number(delta)))
                .build())
        .build();
  }

  /** The grant count, or empty for a key without activity item (gone, or created before it). */
  Optional<Integer> grants(KeyId keyId) {
    return table
        .getRaw(keys.activity(keyId))
        .map(item -> item.get(GRANTS))
        .map(value -> Integer.parseInt(value.n()));
  }

  /**
   * Creates the activity item of a key created before it existed, counting its grants (a Query with
   * {@code Select COUNT}), in a transaction conditioned on the key's metadata item existing and the
   * activity item not (another server may have made it meanwhile: fine).
   *
   * @param grantCount counts the key's grant items (strongly consistent)
   * @return whether the key exists (so the caller's write may be tried again)
   */
  boolean createForLegacyKey(KeyId keyId, IntSupplier grantCount) {
    if (table.getRaw(keys.meta(keyId)).isEmpty()) {
      return false;
    }
    Map<String, AttributeValue> item = new HashMap<>(key(keyId));
    item.put(GRANTS, RegionRecords.number(grantCount.getAsInt()));
    try {
      table.transact(
          List.of(
              TransactWriteItem.builder()
                  .conditionCheck(
                      ConditionCheck.builder()
                          .tableName(table.tableName)
                          .key(keys.meta(keyId).primaryKeyMap(MarkerItem.SCHEMA))
                          .conditionExpression("attribute_exists(#pk)")
                          .expressionAttributeNames(Map.of("#pk", KeyTableDefinition.PARTITION_KEY))
                          .build())
                  .build(),
              TransactWriteItem.builder()
                  .put(
                      Put.builder()
                          .tableName(table.tableName)
                          .item(item)
                          .conditionExpression("attribute_not_exists(#g)")
                          .expressionAttributeNames(Map.of("#g", GRANTS))
                          .build())
                  .build()));
      return true;
    } catch (TransactionCanceledException e) {
      // the key went (reason 0) or the item came (reason 1) meanwhile: the caller's write decides
      return e.hasCancellationReasons() && "None".equals(e.cancellationReasons().get(0).code());
    }
  }

  /** Saves each key's newest use, one UpdateItem per key (see the class comment). */
  void saveLastUsage(Collection<KeyLastUsage> usages, Function<KeyId, Integer> grantCount) {
    Map<KeyId, KeyLastUsage> newest = new LinkedHashMap<>();
    for (KeyLastUsage usage : usages) {
      newest.merge(usage.keyId(), usage, (a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a);
    }
    for (KeyLastUsage usage : newest.values()) {
      if (!save(usage)
          && createForLegacyKey(usage.keyId(), () -> grantCount.apply(usage.keyId()))) {
        save(usage);
      }
    }
  }

  /**
   * @return true if saved or if a newer use is stored; false if the key has no activity item (gone,
   *     or created before it)
   */
  private boolean save(KeyLastUsage usage) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#g", GRANTS);
    names.put("#at", LAST_USED_AT);
    values.put(":at", AttributeValue.fromS(DueIndexKey.format(usage.timestamp())));
    StringBuilder set = new StringBuilder("SET #at = :at");
    StringBuilder remove = new StringBuilder();
    attribute(set, remove, names, values, "#op", LAST_USED_OPERATION, usage.operation());
    attribute(set, remove, names, values, "#ev", LAST_USED_EVENT_ID, usage.cloudTrailEventId());
    attribute(set, remove, names, values, "#rq", LAST_USED_REQUEST_ID, usage.kmsRequestId());
    try {
      table.dynamoDb.updateItem(
          UpdateItemRequest.builder()
              .tableName(table.tableName)
              .key(key(usage.keyId()))
              .updateExpression(set + (remove.isEmpty() ? "" : " REMOVE " + remove))
              .conditionExpression(
                  "attribute_exists(#g) AND (attribute_not_exists(#at) OR #at < :at)")
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      // a newer use is stored (the item exists), or there is no activity item
      return e.hasItem() && e.item().containsKey(GRANTS);
    }
  }

  private static void attribute(
      StringBuilder set,
      StringBuilder remove,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String placeholder,
      String name,
      String value) {
    names.put(placeholder, name);
    if (value == null) {
      remove.append(remove.isEmpty() ? "" : ", ").append(placeholder);
    } else {
      values.put(":" + placeholder.substring(1), AttributeValue.fromS(value));
      set.append(", ").append(placeholder).append(" = :").append(placeholder.substring(1));
    }
  }

  /** One GetItem of the activity item. */
  Optional<KeyLastUsage> lastUsage(KeyId keyId) {
    return table
        .getRaw(keys.activity(keyId))
        .filter(item -> item.containsKey(LAST_USED_AT))
        .map(
            item ->
                new KeyLastUsage(
                    keyId,
                    text(item, LAST_USED_OPERATION),
                    Instant.parse(item.get(LAST_USED_AT).s()),
                    text(item, LAST_USED_EVENT_ID),
                    text(item, LAST_USED_REQUEST_ID)));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private Map<String, AttributeValue> key(KeyId keyId) {
    return keys.activity(keyId).primaryKeyMap(MarkerItem.SCHEMA);
  }
}
