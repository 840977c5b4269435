package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot hold the packaged server: half-sent requests are closed once idle, and a body
 * dripping in is answered with RequestTimeoutException (audited) and closed at its deadline. The
 * server runs with short bounds (2 s idle, 3 s body) so the test is quick; the defaults are 30 s
 * and 10 s.
 */
class SlowClientsIT {
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final Duration BODY = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static LocalKmsServer server;

  @BeforeAll
  static void start() {
    server =
        LocalKmsServer.start(
            dataDir,
            Map.of(
                "quarkus.http.idle-timeout",
                IDLE.toSeconds() + "s",
                "kms.local.request-read-timeout",
                BODY.toString()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void manyHalfSentRequests_areEachClosedOnceIdle() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        // Half the headers, or the headers and half the body: then nothing.
        String half =
            i % 2 == 0
                ? "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar"
                : "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"KeyId\":";
        socket.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        sockets.add(socket);
      }
      long started = System.nanoTime();
      for (Socket socket : sockets) {
        long left = IDLE.plusSeconds(5).toMillis() - (System.nanoTime() - started) / 1_000_000;
        assertThat(closedWithin(socket, Math.max(left, 1))).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(IDLE.plusSeconds(5));
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    // AND the server still serves
    try (var kms = server.client()) {
      assertThat(kms.listKeys().keys()).isNotNull();
    }
  }

  @Test
  void aBodyDrippingIn_isAnsweredRequestTimeout_audited_andClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\n"
                  + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // One byte every 500 ms: never idle for the 2 s idle timeout, never done either.
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      long started = System.nanoTime();
      while (Duration.ofNanos(System.nanoTime() - started).compareTo(BODY.plusSeconds(5)) < 0) {
        try {
          out.write(' ');
          out.flush();
        } catch (SocketException closed) {
          break;
        }
        try {
          int n = in.read();
          if (n < 0) {
            break;
          }
          received.write(n);
          in.transferTo(received);
          break;
        } catch (SocketTimeoutException nothingYet) {
          // keep dripping
        } catch (SocketException reset) {
          break;
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String answer = received.toString(StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400 ");
      assertThat(answer).contains("\"__type\":\"RequestTimeoutException\"");
      assertThat(took).isGreaterThanOrEqualTo(BODY).isLessThan(BODY.plusSeconds(5));
      String requestId =
          answer
              .lines()
              .filter(l -> l.toLowerCase().startsWith("x-amzn-requestid:"))
              .findFirst()
              .orElseThrow()
              .substring("x-amzn-requestid:".length())
              .trim();
      JsonNode record = auditRecord(requestId);
      assertThat(record.get("eventName").asText()).isEqualTo("Encrypt");
      assertThat(record.get("errorCode").asText()).isEqualTo("RequestTimeoutException");
    }
  }

  /** Whether the server closes the connection (end of stream or reset) within {@code millis}. */
  private static boolean closedWithin(Socket socket, long millis) throws IOException {
    socket.setSoTimeout((int) millis);
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // an error answer may come first; the close is what counts
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static JsonNode auditRecord(String requestId) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      for (String line : Files.readAllLines(server.auditLog())) {
        JsonNode record = JSON.readTree(line);
        if (record.path("requestID").asText().equals(requestId)) {
          return record;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no audit record for " + requestId);
  }
}
