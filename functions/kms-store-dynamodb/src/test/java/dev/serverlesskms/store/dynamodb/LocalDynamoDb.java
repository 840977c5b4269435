package dev.serverlesskms.store.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Amazon DynamoDB Local, in this JVM, in memory, on a free port: started once for all test classes
 * and stopped when the JVM exits. It runs as an HTTP server (not {@code DynamoDBEmbedded}) so the
 * tests use a real SDK client, whose requests go through marshalling, signing and interceptors the
 * way they do against AWS. Each test gets its own table ({@link #newTable}), so tests share no
 * data. Published in this module's test-jar, so other modules' tests use the same server setup.
 */
public final class LocalDynamoDb {
  private static final URI ENDPOINT = start();

  private LocalDynamoDb() {}

  /** A client of the local server; {@code interceptors} see every request it sends. */
  public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .endpointOverride(ENDPOINT)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
        .overrideConfiguration(
            config -> {
              for (ExecutionInterceptor interceptor : interceptors) {
                config.addExecutionInterceptor(interceptor);
              }
            })
        .build();
  }

  /** Creates a new table laid out as {@link KeyTableDefinition} says; returns its name. */
  public static String newTable(DynamoDbClient client) {
    String name = "keys-" + UUID.randomUUID();
    KeyTableDefinition.createTable(client, name);
    return name;
  }

  public static void deleteTable(DynamoDbClient client, String name) {
    client.deleteTable(request -> request.tableName(name));
  }

  private static URI start() {
    try {
      int port = freePort();
      // -disableTelemetry: no calls home from tests, and no dynamodb-local-metadata.json in the
      // module
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {"-inMemory", "-disableTelemetry", "-port", String.valueOf(port)});
      server.start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.stop();
                    } catch (Exception e) {
                      // the JVM is exiting; nothing left to clean up
                    }
                  }));
      return URI.create("http://localhost:" + port);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
