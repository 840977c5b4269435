package dev.serverlesskms.store.dynamodb;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The regions' counter items ({@code pk = REGIONS, sk = <region>}, attribute {@code customerKeys}):
 * each region's number of customer managed keys, and, by their existence, the registry of regions.
 *
 * <p>Every key creation updates its region's item in its own transaction ({@code ADD customerKeys
 * 1}, or {@code ADD customerKeys 0} for an AWS managed key, which does not count): the ADD creates
 * the item with the region's first key, so the registry needs no write of its own and no scan. A
 * quota-checked creation conditions the update on {@code customerKeys < quota}; two concurrent
 * creations cannot both take the last place, since DynamoDB serialises transactions on one item
 * (the loser is cancelled with {@code TransactionConflict} and tried again). Deleting a customer
 * managed key subtracts 1 in the first transaction of the delete.
 *
 * <p>A table written before the counter existed has keys in the default region and no counter item.
 * The first counting call of the default region's view ({@link #ensureCounted}) then counts the key
 * listing once (Queries with {@code Select COUNT} of the {@code KEYS} partition of the listing
 * index, which also counts the AWS managed keys there were: a few at most, so the counter errs
 * towards refusing early) and puts the item, if it is still absent. Other regions never had keys
 * before their counter item.
 */
final class RegionRecords {
  static final String CUSTOMER_KEYS = "customerKeys";

  private final KeyTable table;
  private final ItemKeys keys;
  private volatile boolean counted;

  RegionRecords(KeyTable table, ItemKeys keys) {
    this.table = table;
    this.keys = keys;
    this.counted = !keys.isDefaultRegion();
  }

  /**
   * The counter update of a key's creation.
   *
   * @param customerKey whether the key counts (AWS managed keys do not)
   * @param quota the quota to check, or {@link Long#MAX_VALUE} for none
   */
  TransactWriteItem onCreate(boolean customerKey, long quota) {
    Update.Builder update =
        Update.builder()
            .tableName(table.tableName)
            .key(key())
            .updateExpression("ADD #n :d")
            .expressionAttributeNames(Map.of("#n", CUSTOMER_KEYS));
    if (customerKey && quota != Long.MAX_VALUE) {
      update
          .conditionExpression("attribute_not_exists(#n) OR #n < :quota")
          .expressionAttributeValues(Map.of(":d", number(1), ":quota", number(quota)));
    } else {
      update.expressionAttributeValues(Map.of(":d", number(customerKey ? 1 : 0)));
    }
    return TransactWriteItem.builder().update(update.build()).build();
  }

  /** The counter update of a customer managed key's deletion. */
  TransactWriteItem onDelete() {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table.tableName)
                .key(key())
                .updateExpression("ADD #n :d")
                .expressionAttributeNames(Map.of("#n", CUSTOMER_KEYS))
                .expressionAttributeValues(Map.of(":d", number(-1)))
                .build())
        .build();
  }

  /** One GetItem of the counter (after {@link #ensureCounted}). */
  long customerKeys() {
    ensureCounted();
    return table
        .getRaw(keys.regionCounter())
        .map(item -> item.get(CUSTOMER_KEYS))
        .map(value -> Long.parseLong(value.n()))
        .orElse(0L);
  }

  /** One Query of the {@code REGIONS} partition, with the default region added. */
  Set<String> regions(String defaultRegion) {
    Set<String> regions = new TreeSet<>();
    regions.add(defaultRegion);
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page =
          table.dynamoDb.query(
              QueryRequest.builder()
                  .tableName(table.tableName)
                  .keyConditionExpression("#p = :p")
                  .expressionAttributeNames(Map.of("#p", KeyTableDefinition.PARTITION_KEY))
                  .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(ItemKeys.REGIONS)))
                  .consistentRead(true)
                  .exclusiveStartKey(start)
                  .build());
      page.items().forEach(item -> regions.add(item.get(KeyTableDefinition.SORT_KEY).s()));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return regions;
  }

  /**
   * Makes sure the default region's counter item exists, counting the keys of a table written
   * before counters (see the class comment): one GetItem per store instance, and the count only
   * once per table.
   */
  void ensureCounted() {
    if (counted) {
      return;
    }
    Optional<Map<String, AttributeValue>> item = table.getRaw(keys.regionCounter());
    if (item.isEmpty()) {
      long existing =
          table.countIndex(
              KeyTableDefinition.LISTING_INDEX,
              KeyTableDefinition.LISTING_PARTITION_KEY,
              keys.keysListing());
      try {
        table.dynamoDb.putItem(
            PutItemRequest.builder()
                .tableName(table.tableName)
                .item(
                    Map.of(
                        KeyTableDefinition.PARTITION_KEY,
                        AttributeValue.fromS(ItemKeys.REGIONS),
                        KeyTableDefinition.SORT_KEY,
                        AttributeValue.fromS(keys.region()),
                        CUSTOMER_KEYS,
                        number(existing)))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", KeyTableDefinition.PARTITION_KEY))
                .build());
      } catch (ConditionalCheckFailedException e) {
        // another server counted first; its item stands
      }
    }
    counted = true;
  }

  private Map<String, AttributeValue> key() {
    return Map.of(
        KeyTableDefinition.PARTITION_KEY,
        AttributeValue.fromS(ItemKeys.REGIONS),
        KeyTableDefinition.SORT_KEY,
        AttributeValue.fromS(keys.region()));
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
