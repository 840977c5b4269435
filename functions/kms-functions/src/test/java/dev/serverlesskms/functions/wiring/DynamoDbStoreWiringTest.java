package dev.serverlesskms.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.store.dynamodb.LocalDynamoDb;
import dev.serverlesskms.testkit.KeyFixtures;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The serverless deployment's regions (docs/serverless-regions.md): the functions of every region
 * share the home region's table. Each opens it with the table's region as the default region (so
 * the home region's items keep their unprefixed layout whoever opens the table) and serves the view
 * of its own region.
 */
class DynamoDbStoreWiringTest {
  private static final DynamoDbClient CLIENT = LocalDynamoDb.client();
  private static final String HOME = "us-east-1";
  private static final String OTHER = "eu-west-1";

  private String table;

  @BeforeEach
  void newTable() {
    table = LocalDynamoDb.newTable(CLIENT);
  }

  @AfterEach
  void dropTable() {
    LocalDynamoDb.deleteTable(CLIENT, table);
  }

  @Test
  void eachRegionsFunctions_serveTheirRegion_ofTheOneHomeTable() {
    KeyStore home = KmsWiring.dynamoDbStore(CLIENT, table, HOME, HOME);
    KeyStore other = KmsWiring.dynamoDbStore(CLIENT, table, HOME, OTHER);

    KmsKey homeKey = home.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());
    KmsKey otherKey = other.create(KeyFixtures.enabledKey().build(), KeyFixtures.auditRecord());

    assertThat(rawMeta("KEY#" + homeKey.keyId())).isTrue();
    assertThat(rawMeta(OTHER + "#KEY#" + otherKey.keyId())).isTrue();
    assertThat(home.find(otherKey.keyId())).isEmpty();
    assertThat(other.find(homeKey.keyId())).isEmpty();
    // the home region's lifecycle job reaches every region through the registry
    assertThat(home.regions()).containsExactlyInAnyOrder(HOME, OTHER);
    assertThat(home.inRegion(OTHER).find(otherKey.keyId())).isPresent();
    assertThat(other.inRegion(HOME).find(homeKey.keyId())).isPresent();
    // the function's own region is the view it was given (one cache per region above it)
    assertThat(other.inRegion(OTHER)).isSameAs(other);
  }

  private boolean rawMeta(String pk) {
    return CLIENT
        .getItem(
            request ->
                request
                    .tableName(table)
                    .consistentRead(true)
                    .key(
                        Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("META"))))
        .hasItem();
  }
}
