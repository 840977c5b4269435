package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Replays, byte for byte, real requests captured from AWS CLI v2, boto3, the AWS SDK for JavaScript
 * v3 and the AWS SDK for Java v2 (src/test/resources/wire-captures). Their SigV4 signatures must
 * verify and their bodies must parse exactly as those clients meant them.
 *
 * <p>The captures are signed at a fixed past time with the development credentials, so this server
 * allows a clock skew of ten years; everything else is the default configuration.
 */
class WireCapturesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CAPTURES = Path.of("src/test/resources/wire-captures");

  @TempDir static Path dataDir;
  static LocalKmsServer server;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir, Map.of("kms.local.max-clock-skew", "P3650D"));
    try (KmsClient kms = server.client()) {
      String keyId = kms.createKey(r -> r.description("captures")).keyMetadata().keyId();
      kms.createAlias(r -> r.aliasName("alias/x").targetKeyId(keyId));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Path> captures() throws IOException {
    return Files.list(CAPTURES).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void capturedClientRequest_isAuthenticatedAndServed(Path capture) throws IOException {
    JsonNode request = JSON.readTree(capture.toFile());
    boolean signed = false;
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
    for (JsonNode header : request.get("headers")) {
      String name = header.get(0).asText();
      if (name.equalsIgnoreCase("connection")) {
        continue;
      }
      signed |= name.equalsIgnoreCase("authorization");
      head.append(name).append(": ").append(header.get(1).asText()).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    String target =
        request.get("headers").toString().contains("TrentService.Decrypt") ? "Decrypt" : "other";

    String response =
        exchange(
            head.toString().getBytes(StandardCharsets.UTF_8),
            request.get("body_raw").asText().getBytes(StandardCharsets.UTF_8));
    String status = response.substring(0, response.indexOf("\r\n"));
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);

    if (!signed) {
      assertThat(body).contains("\"__type\":\"MissingAuthenticationTokenException\"");
    } else if (target.equals("Decrypt")) {
      // The captured ciphertext came from another KMS: authentication passed, the blob does not
      // verify here.
      assertThat(status).contains(" 400 ");
      assertThat(body).contains("\"__type\":\"InvalidCiphertextException\"");
    } else {
      assertThat(status).as(body).contains(" 200 ");
    }
  }

  private static String exchange(byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      in.transferTo(received);
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
