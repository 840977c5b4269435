package dev.serverlesskms.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The table as the store's parts use it: typed handles for each item kind (all on the same table),
 * reads that count the items they return, and transactions. Reads of single items are strongly
 * consistent; so are queries of the table (not of indexes, which DynamoDB keeps eventually
 * consistent).
 *
 * <p>The Enhanced Client is built without extensions: the store writes its own condition
 * expressions (revision checks, create-once), so nothing is added to a write that the code does not
 * show.
 */
final class KeyTable {
  final DynamoDbEnhancedClient client;

  /** The plain client, for writes the Enhanced Client cannot express (counters: {@code ADD}). */
  final DynamoDbClient dynamoDb;

  final String tableName;
  final DynamoDbTable<KeyItem> keys;
  final DynamoDbTable<VersionItem> versions;
  final DynamoDbTable<AliasItem> aliases;
  final DynamoDbTable<OutboxItem> outbox;
  final DynamoDbTable<GrantItem> grants;
  final DynamoDbTable<CustomKeyStoreItem> customKeyStores;
  final DynamoDbTable<MarkerItem> markers;

  /** Untyped view for queries that return several kinds of items (a key's partition). */
  private final DynamoDbTable<EnhancedDocument> items;

  private final LongAdder itemsRead = new LongAdder();

  KeyTable(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    client = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).extensions().build();
    keys = client.table(tableName, KeyItem.SCHEMA);
    versions = client.table(tableName, VersionItem.SCHEMA);
    aliases = client.table(tableName, AliasItem.SCHEMA);
    outbox = client.table(tableName, OutboxItem.SCHEMA);
    grants = client.table(tableName, GrantItem.SCHEMA);
    customKeyStores = client.table(tableName, CustomKeyStoreItem.SCHEMA);
    markers = client.table(tableName, MarkerItem.SCHEMA);
    items =
        client.table(
            tableName,
            TableSchema.documentSchemaBuilder()
                .addIndexPartitionKey(
                    TableMetadata.primaryIndexName(),
                    KeyTableDefinition.PARTITION_KEY,
                    AttributeValueType.S)
                .addIndexSortKey(
                    TableMetadata.primaryIndexName(),
                    KeyTableDefinition.SORT_KEY,
                    AttributeValueType.S)
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
                .build());
  }

  long itemsRead() {
    return itemsRead.sum();
  }

  /** A strongly consistent GetItem. */
  <T> Optional<T> get(DynamoDbTable<T> table, Key key) {
    T item = table.getItem(GetItemEnhancedRequest.builder().key(key).consistentRead(true).build());
    if (item != null) {
      itemsRead.increment();
    }
    return Optional.ofNullable(item);
  }

  /**
   * Every item of one partition matching {@code condition}, as raw attribute maps, following
   * DynamoDB's pages (1 MB each) to the end: one round trip unless the partition holds more than 1
   * MB.
   */
  List<Map<String, AttributeValue>> queryPartition(QueryConditional condition) {
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder().queryConditional(condition).consistentRead(true).build();
    return collect(items.query(request), Integer.MAX_VALUE, EnhancedDocument::toMap);
  }

  /** Up to {@code max} items of a strongly consistent table query, in sort key order. */
  <T> List<T> query(DynamoDbTable<T> table, QueryEnhancedRequest.Builder request, int max) {
    return collect(
        table.query(request.consistentRead(true).limit(limit(max)).build()),
        max,
        Function.identity());
  }

  /**
   * How many items of the table match {@code condition}: a strongly consistent Query with {@code
   * Select COUNT}, following DynamoDB's pages (each reads at most 1 MB), returning no item.
   */
  int count(DynamoDbTable<?> table, QueryConditional condition) {
    int total = 0;
    for (Page<?> page :
        table.query(
            QueryEnhancedRequest.builder()
                .queryConditional(condition)
                .consistentRead(true)
                .select(Select.COUNT)
                .build())) {
      itemsRead.add(page.scannedCount() != null ? page.scannedCount() : 0);
      total += page.count() != null ? page.count() : 0;
    }
    return total;
  }

  /** Up to {@code max} items of an index query (eventually consistent, as every GSI read). */
  <T> List<T> query(DynamoDbIndex<T> index, QueryEnhancedRequest.Builder request, int max) {
    return collect(index.query(request.limit(limit(max)).build()), max, Function.identity());
  }

  /** DynamoDB's Limit for {@code max} items; none when all are wanted. */
  private static Integer limit(int max) {
    return max == Integer.MAX_VALUE ? null : max;
  }

  void transact(TransactWriteItemsEnhancedRequest request) {
    client.transactWriteItems(request);
  }

  /**
   * One TransactWriteItems of plain items (typed ones taken from {@link
   * TransactWriteItemsEnhancedRequest#transactWriteItems()}, counters written as plain updates).
   */
  void transact(List<TransactWriteItem> items) {
    dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
  }

  /** A strongly consistent GetItem of a raw item. */
  Optional<Map<String, AttributeValue>> getRaw(Key key) {
    GetItemResponse response =
        dynamoDb.getItem(
            GetItemRequest.builder()
                .tableName(tableName)
                .key(key.primaryKeyMap(MarkerItem.SCHEMA))
                .consistentRead(true)
                .build());
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    itemsRead.increment();
    return Optional.of(response.item());
  }

  /**
   * How many entries of one partition of an index there are: Queries with {@code Select COUNT},
   * following DynamoDB's pages, returning no item.
   */
  long countIndex(String indexName, String partitionKeyName, String partition) {
    long total = 0;
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page =
          dynamoDb.query(
              QueryRequest.builder()
                  .tableName(tableName)
                  .indexName(indexName)
                  .keyConditionExpression("#p = :p")
                  .expressionAttributeNames(Map.of("#p", partitionKeyName))
                  .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                  .select(Select.COUNT)
                  .exclusiveStartKey(start)
                  .build());
      itemsRead.add(page.scannedCount() != null ? page.scannedCount() : 0);
      total += page.count() != null ? page.count() : 0;
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return total;
  }

  /**
   * Reads pages until {@code max} items are in hand or the result ends; a page is requested only
   * when the previous one did not suffice (DynamoDB may return fewer items than the limit, at 1
   * MB).
   */
  private <P, T> List<T> collect(SdkIterable<Page<P>> pages, int max, Function<P, T> mapping) {
    List<T> result = new ArrayList<>();
    for (Page<P> page : pages) {
      itemsRead.add(page.scannedCount() != null ? page.scannedCount() : page.items().size());
      for (P item : page.items()) {
        if (result.size() < max) {
          result.add(mapping.apply(item));
        }
      }
      if (result.size() >= max) {
        break;
      }
    }
    return result;
  }
}
