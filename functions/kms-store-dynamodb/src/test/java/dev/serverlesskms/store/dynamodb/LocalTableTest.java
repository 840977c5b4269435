package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.KeyId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Base of the DynamoDB-specific tests: a new table and store per test, a log of the requests the
 * store sends, hooks that stage races, and raw access to the table that bypasses the store, to
 * check what it wrote.
 */
abstract class LocalTableTest {
  protected static final RequestLog LOG = new RequestLog();
  protected static final RaceHooks HOOKS = new RaceHooks();
  protected static final DynamoDbClient CLIENT = LocalDynamoDb.client(HOOKS, LOG);

  protected String tableName;
  protected DynamoDbKeyStore store;

  @BeforeEach
  void newTable() {
    tableName = LocalDynamoDb.newTable(CLIENT);
    store = new DynamoDbKeyStore(CLIENT, tableName);
    HOOKS.reset();
    LOG.clear();
  }

  @AfterEach
  void dropTable() {
    LocalDynamoDb.deleteTable(CLIENT, tableName);
  }

  /** One item as stored, read around the store. */
  protected Optional<Map<String, AttributeValue>> rawItem(String pk, String sk) {
    Map<String, AttributeValue> item =
        CLIENT
            .getItem(
                request ->
                    request
                        .tableName(tableName)
                        .consistentRead(true)
                        .key(
                            Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** The sort keys of every item in a key's partition, in order. */
  protected List<String> rawSortKeys(KeyId keyId) {
    return CLIENT
        .queryPaginator(
            request ->
                request
                    .tableName(tableName)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("KEY#" + keyId.value()))))
        .items()
        .stream()
        .map(item -> item.get("sk").s())
        .toList();
  }

  /** The sort keys (record ids) of every item in the outbox partition, in order. */
  protected List<String> rawOutboxIds() {
    return CLIENT
        .queryPaginator(
            request ->
                request
                    .tableName(tableName)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("OUTBOX"))))
        .items()
        .stream()
        .map(item -> item.get("sk").s())
        .toList();
  }
}
