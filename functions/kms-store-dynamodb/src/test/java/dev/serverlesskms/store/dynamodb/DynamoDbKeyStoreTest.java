package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.testkit.KeyStoreContract;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB store against the KeyStore contract, each test on a new table in DynamoDB Local. */
class DynamoDbKeyStoreTest extends KeyStoreContract<DynamoDbKeyStore> {
  private static final DynamoDbClient CLIENT = LocalDynamoDb.client();

  /** Not the class's own default, so a region taken from nowhere would show. */
  private static final String DEFAULT_REGION = "us-west-2";

  private String tableName;

  @Override
  protected DynamoDbKeyStore newStore() {
    tableName = LocalDynamoDb.newTable(CLIENT);
    return new DynamoDbKeyStore(CLIENT, tableName, DEFAULT_REGION);
  }

  @Override
  protected OptionalLong itemsRead(DynamoDbKeyStore store) {
    return OptionalLong.of(store.itemsRead());
  }

  @Override
  protected String defaultRegion() {
    return DEFAULT_REGION;
  }

  @AfterEach
  void dropTable() {
    LocalDynamoDb.deleteTable(CLIENT, tableName);
  }

  @AfterAll
  static void closeClient() {
    CLIENT.close();
  }
}
