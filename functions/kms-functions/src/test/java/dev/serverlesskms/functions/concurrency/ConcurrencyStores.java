package dev.serverlesskms.functions.concurrency;

import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.store.dynamodb.DynamoDbKeyStore;
import dev.serverlesskms.store.dynamodb.LocalDynamoDb;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Key stores beyond the embedded one that the concurrency test runs against: DynamoDB (Local). */
final class ConcurrencyStores {
  private ConcurrencyStores() {}

  static Stream<Arguments> additional() {
    Supplier<KeyStore> dynamoDb =
        () -> {
          DynamoDbClient client = LocalDynamoDb.client();
          return new DynamoDbKeyStore(client, LocalDynamoDb.newTable(client));
        };
    return Stream.of(Arguments.of("DynamoDB (DynamoDB Local)", dynamoDb));
  }
}
