package dev.serverlesskms.functions.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secrets Manager as the AWS SDK sees it on the wire: JSON 1.1 over {@code POST /}, the operation
 * in {@code X-Amz-Target}, answers recorded in the service's format (GetSecretValue's fields;
 * errors as HTTP 400 with {@code __type} and {@code Message}). Each secret id gets one canned
 * answer; an unknown id gets ResourceNotFoundException, as AWS answers it. Every request is
 * recorded for the test to check what the SDK sent.
 */
public final class RecordedSecretsManager implements AutoCloseable {
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  static final String NOT_FOUND =
      "{\"__type\":\"ResourceNotFoundException\","
          + "\"Message\":\"Secrets Manager can't find the specified secret.\"}";

  /** One request as received. */
  public record Request(
      String method,
      String path,
      String target,
      String contentType,
      String authorization,
      JsonNode body) {}

  private record Answer(int status, String json) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public RecordedSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** GetSecretValue of {@code arn} answers this SecretString (AWSCURRENT version). */
  public void secretString(String arn, String value) {
    answers.put(arn, new Answer(200, success(arn, "SecretString", value)));
  }

  /**
   * GetSecretValue of {@code arn} answers this SecretBinary (base64 on the wire, as AWS sends it).
   */
  public void secretBinary(String arn, byte[] value) {
    answers.put(
        arn,
        new Answer(
            200,
            success(arn, "SecretBinary", java.util.Base64.getEncoder().encodeToString(value))));
  }

  /** GetSecretValue of {@code arn} answers HTTP 400 with this error type and message. */
  public void error(String arn, String type, String message) {
    answers.put(
        arn,
        new Answer(
            400, json.createObjectNode().put("__type", type).put("Message", message).toString()));
  }

  private String success(String arn, String field, String value) {
    String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
    return json.createObjectNode()
        .put("ARN", arn)
        .put("CreatedDate", 1.763899212345E9)
        .put("Name", name.replaceFirst("-[A-Za-z0-9]{6}$", ""))
        .put(field, value)
        .put("VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
        .set("VersionStages", json.createArrayNode().add("AWSCURRENT"))
        .toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("X-Amz-Target"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      Answer answer =
          answers.getOrDefault(body.path("SecretId").asText(), new Answer(400, NOT_FOUND));
      byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
