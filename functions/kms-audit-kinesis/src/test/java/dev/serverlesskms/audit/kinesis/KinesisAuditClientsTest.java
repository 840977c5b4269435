package dev.serverlesskms.audit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * The client {@link KinesisAuditClients} builds, against a local HTTP server that plays a failing
 * Kinesis: it retries what Kinesis says is worth retrying, three attempts in all, and then the sink
 * fails closed.
 */
class KinesisAuditClientsTest {
  private HttpServer server;
  private final List<String> targets = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void throttling_isRetried_threeAttemptsInAll_thenTheSinkFailsClosed() throws IOException {
    URI endpoint = serve(400, "ProvisionedThroughputExceededException");

    try (KinesisClient kinesis = client(endpoint)) {
      assertThatThrownBy(
              () -> new KinesisAuditSink(kinesis, "kms-audit").record(AuditEvents.encrypt("k-1")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
    }
    assertThat(targets)
        .containsExactly(
            "Kinesis_20131202.PutRecord",
            "Kinesis_20131202.PutRecord",
            "Kinesis_20131202.PutRecord");
  }

  @Test
  void aServerError_isRetried_thenTheSinkFailsClosed() throws IOException {
    URI endpoint = serve(500, "InternalFailure");

    try (KinesisClient kinesis = client(endpoint)) {
      assertThatThrownBy(
              () -> new KinesisAuditSink(kinesis, "kms-audit").record(AuditEvents.encrypt("k-1")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasCauseInstanceOf(KinesisException.class);
    }
    assertThat(targets).hasSize(3);
  }

  @Test
  void anAccessDenial_isNotRetried() throws IOException {
    URI endpoint = serve(400, "AccessDeniedException");

    try (KinesisClient kinesis = client(endpoint)) {
      assertThatThrownBy(
              () -> new KinesisAuditSink(kinesis, "kms-audit").record(AuditEvents.encrypt("k-1")))
          .isInstanceOf(AuditUnavailableException.class);
    }
    assertThat(targets).hasSize(1);
  }

  /**
   * Answers every request with {@code status} and error type {@code errorType}, noting its target.
   */
  private URI serve(int status, String errorType) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-cbor-1.1");
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static KinesisClient client(URI endpoint) {
    return KinesisAuditClients.create(
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        endpoint);
  }
}
