package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.WireProtocolIT.expectAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the local server refuses before they reach an operation (another method, another path,
 * an oversized body) are answered with an AWS error and leave their record in the server's audit
 * log, like every other request. An oversized body is refused by the KMS, not by the HTTP layer, at
 * any size: 300 MB go to a server of 256 MB heap, which reads no more than its 1 MiB limit.
 */
class RefusedRequestsAuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HUGE = 300L * 1024 * 1024;

  @TempDir Path dataDir;

  @Test
  void get_unknownPath_andOversizedBodies_areEachAnsweredAndAudited() {
    Map<String, String[]> expected = new HashMap<>();
    try (LocalKmsServer server = LocalKmsServer.start(dataDir)) {
      RawKmsHttp http = new RawKmsHttp(server.endpoint());

      expect(expected, http.get(), "UnknownOperationException", "Unknown");
      expect(expected, http.get("/favicon.ico"), "UnknownOperationException", "Unknown");
      expect(
          expected,
          http.postTo("/keys", "TrentService.ListKeys", "{}"),
          "UnknownOperationException",
          "ListKeys");
      expect(
          expected,
          http.postZeros("TrentService.UpdateKeyDescription", HUGE, true),
          "ValidationException",
          "UpdateKeyDescription");
      expect(
          expected,
          http.postZeros("TrentService.Encrypt", 2L * 1024 * 1024, false),
          "ValidationException",
          "Encrypt");

      // AND the server still serves
      try (var kms = server.client()) {
        assertThat(kms.listKeys().keys()).isEmpty();
      }
    }

    List<JsonNode> records = auditRecords();
    assertThat(records).hasSize(expected.size() + 1);
    for (Map.Entry<String, String[]> request : expected.entrySet()) {
      JsonNode record =
          records.stream()
              .filter(r -> r.get("requestID").asText().equals(request.getKey()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no audit record for " + request.getKey()));
      assertThat(record.get("errorCode").asText()).isEqualTo(request.getValue()[0]);
      assertThat(record.get("eventName").asText()).isEqualTo(request.getValue()[1]);
      assertThat(record.get("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(record.get("userIdentity").get("accountId").asText()).isEqualTo("000000000000");
    }
  }

  /** Asserts the AWS error and notes which audit record its request id must have. */
  private static void expect(
      Map<String, String[]> expected,
      HttpResponse<String> response,
      String errorType,
      String eventName) {
    expectAwsError(response, errorType);
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    expected.put(requestId, new String[] {errorType, eventName});
  }

  private List<JsonNode> auditRecords() {
    try {
      return Files.readAllLines(dataDir.resolve("audit.jsonl")).stream()
          .map(RefusedRequestsAuditIT::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
