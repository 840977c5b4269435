package dev.serverlesskms.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.store.dynamodb.DynamoDbKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB client the wiring builds gives up on a DynamoDB that accepts connections and never
 * answers, within its call timeout, as the Kinesis audit client does; the key store then reports it
 * unavailable (the facade answers DependencyTimeoutException).
 */
class DynamoDbClientTimeoutsTest {
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket silent;
  private String savedKeyId;
  private String savedSecret;

  @BeforeEach
  void silentDynamoDb() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepter =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  Socket socket = silent.accept();
                  connections.incrementAndGet();
                  held.add(socket);
                  drain(socket);
                } catch (IOException closed) {
                  return;
                }
              }
            });
    accepter.setDaemon(true);
    accepter.start();
    // The default credentials chain reads these; the request must get as far as the network.
    savedKeyId = System.setProperty("aws.accessKeyId", "test");
    savedSecret = System.setProperty("aws.secretAccessKey", "test");
  }

  @AfterEach
  void stop() throws IOException {
    silent.close();
    for (Socket socket : held) {
      socket.close();
    }
    restore("aws.accessKeyId", savedKeyId);
    restore("aws.secretAccessKey", savedSecret);
  }

  @Test
  void theClientCarriesItsTimeouts() {
    try (DynamoDbClient client = AwsClients.dynamoDb("us-east-1", Optional.empty())) {
      var settings = client.serviceClientConfiguration().overrideConfiguration();

      assertThat(settings.apiCallTimeout()).contains(AwsClients.DYNAMODB_CALL_TIMEOUT);
      assertThat(settings.apiCallAttemptTimeout()).contains(AwsClients.DYNAMODB_ATTEMPT_TIMEOUT);
    }
  }

  @Test
  void aDynamoDbThatNeverAnswers_failsTheCallWithinItsTimeout_asStoreUnavailable() {
    URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
    try (DynamoDbClient client = AwsClients.dynamoDb("us-east-1", Optional.of(endpoint))) {
      DynamoDbKeyStore store = new DynamoDbKeyStore(client, "keys");
      long started = System.nanoTime();

      assertThatThrownBy(() -> store.find(KeyId.random()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(SdkClientException.class);

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took)
          .isGreaterThanOrEqualTo(AwsClients.DYNAMODB_ATTEMPT_TIMEOUT)
          .isLessThan(AwsClients.DYNAMODB_CALL_TIMEOUT.plusSeconds(3));
      assertThat(connections.get()).isBetween(1, 3);
    }
  }

  /** Reads what the client sends and never answers. */
  private void drain(Socket socket) {
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = socket.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              } catch (IOException closed) {
                // the client gave up
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
