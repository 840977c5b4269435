package dev.serverlesskms.functions.scale;

import dev.serverlesskms.store.dynamodb.BulkLoader;
import dev.serverlesskms.store.dynamodb.DynamoDbKeyStore;
import dev.serverlesskms.store.dynamodb.LocalDynamoDb;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Key stores beyond the embedded one that the due-index scale test runs against: DynamoDB (Local),
 * a new table filled with BatchWriteItem of the store's own items.
 */
final class ScaleStores {
  private ScaleStores() {}

  static Stream<Arguments> additional() {
    DueIndexScaleTest.StoreLoader dynamoDb =
        keys -> {
          DynamoDbClient client = LocalDynamoDb.client();
          String table = LocalDynamoDb.newTable(client);
          BulkLoader.load(client, table, keys);
          return new DueIndexScaleTest.LoadedStore(
              new DynamoDbKeyStore(client, table), s -> ((DynamoDbKeyStore) s).itemsRead());
        };
    return Stream.of(Arguments.of("DynamoDB (DynamoDB Local)", dynamoDb));
  }
}
