package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The packaged server and the public development credentials: it answers only its own host names (a
 * page using DNS rebinding sends its own name, validly signed with test/test), and it does not
 * start listening beyond loopback with them unless told to.
 */
class LocalExposureIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void aForeignHost_isRefusedAccessDenied_andAudited_evenValidlySigned() throws IOException {
    try (LocalKmsServer server = LocalKmsServer.start(dataDir)) {
      String rebound = exchange(server, "evil.example:" + server.port());
      String local = exchange(server, "localhost:" + server.port());

      assertThat(rebound).startsWith("HTTP/1.1 400 ");
      assertThat(rebound).contains("\"__type\":\"AccessDeniedException\"");
      assertThat(rebound).contains("kms.local.allowed-hosts");
      assertThat(local).startsWith("HTTP/1.1 200 ");

      JsonNode record = lastAuditRecord(server);
      assertThat(record.get("eventName").asText()).isEqualTo("ListKeys");
      assertThat(record.has("errorCode")).isFalse();
      JsonNode refused = auditRecords(server)[0];
      assertThat(refused.get("errorCode").asText()).isEqualTo("AccessDeniedException");
      assertThat(refused.get("additionalEventData").get("authenticated").asBoolean()).isFalse();
    }
  }

  @Test
  void beyondLoopback_withTheDevelopmentPair_theServerRefusesToStart_unlessAllowed() {
    assertThatThrownBy(
            () -> LocalKmsServer.start(dataDir, Map.of("quarkus.http.host", "0.0.0.0")).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited at start")
        .hasMessageContaining("beyond loopback")
        .hasMessageContaining("kms.local.allow-development-credentials-beyond-loopback=true");

    try (LocalKmsServer allowed =
        LocalKmsServer.start(
            dataDir,
            Map.of(
                "quarkus.http.host",
                "0.0.0.0",
                "kms.local.allow-development-credentials-beyond-loopback",
                "true"))) {
      try (var kms = allowed.client()) {
        assertThat(kms.listKeys().keys()).isEmpty();
      }
    }
  }

  /** A ListKeys signed with test/test for {@code host}, sent to the server on loopback. */
  private static String exchange(LocalKmsServer server, String host) throws IOException {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("test", "test"))
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://" + host + "/"))
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", "TrentService.ListKeys")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()))
            .request();
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host + "\r\n");
    signed
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
              }
            });
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(received);
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  private static JsonNode[] auditRecords(LocalKmsServer server) throws IOException {
    return Files.readAllLines(server.auditLog()).stream()
        .map(
            line -> {
              try {
                return JSON.readTree(line);
              } catch (IOException e) {
                throw new AssertionError(line, e);
              }
            })
        .toArray(JsonNode[]::new);
  }

  private static JsonNode lastAuditRecord(LocalKmsServer server) throws IOException {
    JsonNode[] records = auditRecords(server);
    return records[records.length - 1];
  }
}
