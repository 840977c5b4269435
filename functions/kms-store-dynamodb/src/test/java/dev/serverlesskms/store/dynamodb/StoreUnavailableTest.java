package dev.serverlesskms.store.dynamodb;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Failures of DynamoDB itself surface as StoreUnavailableException from every call, cause kept. */
class StoreUnavailableTest {
  private static final KmsKey KEY = enabledKey().build();

  @Test
  void missingTable_everyCallThrowsUnavailable_withTheServiceErrorAsCause() {
    try (DynamoDbClient client = LocalDynamoDb.client()) {
      KeyStore store = new DynamoDbKeyStore(client, "no-such-table");

      for (Consumer<KeyStore> call : everyCall()) {
        assertThatThrownBy(() -> call.accept(store))
            .isInstanceOf(StoreUnavailableException.class)
            .hasCauseInstanceOf(ResourceNotFoundException.class);
      }
    }
  }

  @Test
  void unreachableEndpoint_throwsUnavailable_withTheClientErrorAsCause() throws IOException {
    try (DynamoDbClient client = clientOfAClosedPort()) {
      KeyStore store = new DynamoDbKeyStore(client, "keys");

      assertThatThrownBy(() -> store.find(KEY.keyId()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(SdkClientException.class);
      assertThatThrownBy(() -> store.create(KEY, KeyFixtures.auditRecord()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(SdkClientException.class);
    }
  }

  private static List<Consumer<KeyStore>> everyCall() {
    KeyId id = KEY.keyId();
    return List.of(
        s -> s.create(KEY, KeyFixtures.auditRecord()),
        s -> s.find(id),
        s -> s.update(KEY.toBuilder().revision(1).build(), KeyFixtures.auditRecord()),
        s -> s.delete(id, 1, KeyFixtures.auditRecord()),
        s -> s.listKeys(null, 10),
        s -> s.createAlias(alias("alias/a", id), KeyFixtures.auditRecord()),
        s -> s.findAlias("alias/a"),
        s -> s.updateAlias(alias("alias/a", id), KeyFixtures.auditRecord()),
        s -> s.deleteAlias("alias/a", KeyFixtures.auditRecord()),
        s -> s.listAliases(null, null, 10),
        s -> s.listAliases(id, null, 10),
        s -> s.countAliases(id),
        s -> s.findDue(Instant.EPOCH, 10));
  }

  /**
   * A client of a port nobody listens on, failing at the first attempt (no retries, no waiting).
   */
  private static DynamoDbClient clientOfAClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return DynamoDbClient.builder()
        .endpointOverride(URI.create("http://localhost:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(config -> config.retryStrategy(retry -> retry.maxAttempts(1)))
        .build();
  }
}
