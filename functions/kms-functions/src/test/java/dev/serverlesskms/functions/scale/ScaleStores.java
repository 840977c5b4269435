package dev.serverlesskms.functions.scale;

import dev.serverlesskms.store.dynamodb.DynamoDbKeyStore;
import dev.serverlesskms.store.dynamodb.LocalDynamoDb;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Key stores beyond the embedded one that the due-index scale test runs against: DynamoDB (Local).
 */
final class ScaleStores {
  private ScaleStores() {}

  static Stream<Arguments> additional() {
    Supplier<DueIndexScaleTest.CountingStore> dynamoDb =
        () -> {
          DynamoDbClient client = LocalDynamoDb.client();
          return new DueIndexScaleTest.CountingStore(
              new DynamoDbKeyStore(client, LocalDynamoDb.newTable(client)),
              s -> ((DynamoDbKeyStore) s).itemsRead());
        };
    return Stream.of(Arguments.of("DynamoDB (DynamoDB Local)", dynamoDb));
  }
}
