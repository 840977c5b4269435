package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Hostile requests against the packaged local server: unsigned, re-targeted after signing, for
 * another Host, huge, deeply nested, not UTF-8, every single-byte change of a ciphertext, members
 * of the wrong type. Whatever comes: never a 5xx, every error an AWS JSON error, never the
 * plaintext in an answer, and exactly one audit record per request, found by its request id.
 */
class HostileInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PLAINTEXT =
      "hostile-input-known-plaintext-51c3e0".getBytes(StandardCharsets.US_ASCII);
  private static final String CONTEXT = "{\"case\":\"hostile\"}";

  /** The authentication errors of AWS JSON services. */
  private static final Set<String> AUTH_ERRORS =
      Set.of(
          "MissingAuthenticationTokenException",
          "IncompleteSignatureException",
          "InvalidSignatureException",
          "UnrecognizedClientException",
          "AccessDeniedException");

  @TempDir static Path dataDir;
  private static LocalKmsServer server;
  private static RawKmsHttp http;
  private static RawSocketHttp socket;
  private static String keyId;
  private static byte[] ciphertext;

  /** Every answer of the running test, checked by {@link #assertEveryAnswerSafeAndAuditedOnce}. */
  private final List<Answer> answers = new ArrayList<>();

  private record Answer(String what, int status, String requestId, String body) {}

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    http = new RawKmsHttp(server.endpoint());
    socket = new RawSocketHttp(server.port());
    try (KmsClient kms = server.client()) {
      keyId = kms.createKey(r -> r.description("hostile")).keyMetadata().keyId();
      ciphertext =
          kms.encrypt(
                  r ->
                      r.keyId(keyId)
                          .plaintext(SdkBytes.fromByteArray(PLAINTEXT))
                          .encryptionContext(Map.of("case", "hostile")))
              .ciphertextBlob()
              .asByteArray();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void unsignedAndWronglySignedRequests_areAuthenticationErrors() {
    expectType(
        "unsigned Decrypt",
        http.postUnsigned("TrentService.Decrypt", decryptJson(ciphertext)),
        "MissingAuthenticationTokenException");
    expectType(
        "unknown access key",
        http.post(
            "TrentService.Decrypt",
            utf8(decryptJson(ciphertext)),
            new RawKmsHttp.Signing("AKIDUNKNOWN", "secret", "us-east-1", Clock.systemUTC())),
        "UnrecognizedClientException");
    expectType(
        "wrong secret",
        http.post(
            "TrentService.Decrypt",
            utf8(decryptJson(ciphertext)),
            new RawKmsHttp.Signing("test", "not-the-secret", "us-east-1", Clock.systemUTC())),
        "InvalidSignatureException");
    expectAuthError(
        "Basic authorization",
        socket.post(
            List.of(
                new String[] {"Host", "127.0.0.1:" + server.port()},
                new String[] {"X-Amz-Target", "TrentService.Decrypt"},
                new String[] {"Authorization", "Basic dGVzdDp0ZXN0"}),
            utf8(decryptJson(ciphertext))));
    expectAuthError(
        "forged SigV4 header",
        socket.post(
            List.of(
                new String[] {"Host", "127.0.0.1:" + server.port()},
                new String[] {"X-Amz-Target", "TrentService.Decrypt"},
                new String[] {"X-Amz-Date", "20260101T000000Z"},
                new String[] {
                  "Authorization",
                  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kms/aws4_request,"
                      + " SignedHeaders=host;x-amz-date, Signature="
                      + "0".repeat(64)
                }),
            utf8(decryptJson(ciphertext))));

    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void signatureOfOneOperation_replayedAsAnother_isRefused_whenTheTargetWasSigned() {
    String victim = newKey("re-targeted, target signed");
    byte[] body = utf8("{\"KeyId\":\"" + victim + "\"}");
    List<String[]> headers =
        RawSocketHttp.signedHeaders(
            "127.0.0.1:" + server.port(),
            Map.of(
                "Content-Type",
                "application/x-amz-json-1.1",
                "X-Amz-Target",
                "TrentService.DescribeKey"),
            body);
    replace(headers, "X-Amz-Target", "TrentService.DisableKey");

    expectType("re-targeted", socket.post(headers, body), "InvalidSignatureException");
    assertKeyEnabled(victim);
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void signatureThatLeavesTheTargetOut_replayedAsAnotherOperation_isRefused() {
    // A DescribeKey signed over host and x-amz-date only (issue 9, fault 2), sent as DisableKey.
    String victim = newKey("re-targeted, target not signed");
    byte[] body = utf8("{\"KeyId\":\"" + victim + "\"}");
    List<String[]> headers =
        RawSocketHttp.signedHeaders("127.0.0.1:" + server.port(), Map.of(), body);
    headers.add(new String[] {"Content-Type", "application/x-amz-json-1.1"});
    headers.add(new String[] {"X-Amz-Target", "TrentService.DisableKey"});

    expectAuthError("target not signed", socket.post(headers, body));
    assertKeyEnabled(victim);
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void loopbackHostNames_areServed() {
    for (String host : List.of("127.0.0.1", "localhost")) {
      byte[] body = utf8("{\"KeyId\":\"" + keyId + "\"}");
      RawSocketHttp.Response response =
          socket.post(
              RawSocketHttp.signedHeaders(
                  host + ":" + server.port(),
                  Map.of(
                      "Content-Type",
                      "application/x-amz-json-1.1",
                      "X-Amz-Target",
                      "TrentService.DescribeKey"),
                  body),
              body);
      record(host, response);
      assertThat(response.status()).as(response.text()).isEqualTo(200);
    }
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void validlySignedRequestForAForeignHost_isRefused() {
    // What a page reaches through DNS rebinding: the browser names its own host.
    byte[] body = utf8("{\"KeyId\":\"" + keyId + "\"}");
    RawSocketHttp.Response response =
        socket.post(
            RawSocketHttp.signedHeaders(
                "kms.attacker.example:" + server.port(),
                Map.of(
                    "Content-Type",
                    "application/x-amz-json-1.1",
                    "X-Amz-Target",
                    "TrentService.DescribeKey"),
                body),
            body);

    record("foreign Host", response);
    assertThat(response.status()).as(response.text()).isBetween(400, 499);
    assertThat(response.text()).doesNotContain(keyId);
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  @Disabled(
      "bug: a malformed percent escape in the path or query (POST /?a=%zz, POST /%zz) is answered"
          + " by Vert.x-web before LocalKmsEndpoint's route and failure handler run: 400 with an"
          + " empty body, no x-amzn-RequestId, no AWS error type and no audit record")
  void malformedPercentEscapeInPathOrQuery_isAnAwsError_withItsAuditRecord() {
    byte[] body = utf8("{\"KeyId\":\"" + keyId + "\"}");
    for (String target : List.of("/?a=%zz", "/%zz", "/?%")) {
      List<String[]> headers =
          RawSocketHttp.signedHeaders(
              "127.0.0.1:" + server.port(),
              Map.of(
                  "Content-Type",
                  "application/x-amz-json-1.1",
                  "X-Amz-Target",
                  "TrentService.DescribeKey"),
              body);
      RawSocketHttp.Response response = socket.post(target, headers, body);
      record(target, response);
      assertThat(response.status()).as(target).isBetween(400, 499);
    }
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void hugeBodies_areValidationErrors() {
    byte[] overLimit = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(overLimit, (byte) ' ');
    overLimit[0] = '{';
    overLimit[overLimit.length - 1] = '}';
    expectType(
        "signed body over 1 MiB",
        http.post("TrentService.Encrypt", overLimit, RawKmsHttp.Signing.valid()),
        "ValidationException");

    String bigPlaintext = Base64.getEncoder().encodeToString(new byte[700 * 1024]);
    expectType(
        "700 KB plaintext",
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + bigPlaintext + "\"}"),
        "ValidationException");

    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void encryptionContextOfTwentyThousandPairs_isRefused() {
    StringBuilder manyPairs = new StringBuilder("{");
    for (int i = 0; i < 20_000; i++) {
      manyPairs.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    manyPairs.append('}');
    expectClientError(
        "20,000 context pairs",
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":\""
                + keyId
                + "\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":"
                + manyPairs
                + "}"));
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void deeplyNestedJson_isASerializationError() {
    expectType(
        "200,000 nested arrays",
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}"),
        "SerializationException");
    expectType(
        "100,000 nested objects in the context",
        http.post(
            "TrentService.Encrypt",
            "{\"KeyId\":\""
                + keyId
                + "\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":"
                + "{\"a\":".repeat(100_000)
                + "\"b\""
                + "}".repeat(100_000)
                + "}"),
        "SerializationException");
    expectType(
        "500,000 unclosed arrays",
        http.post("TrentService.Decrypt", "[".repeat(500_000)),
        "SerializationException");
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void bytesThatAreNotUtf8_areRefused() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(utf8("{\"KeyId\":\"alias/"));
    body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, (byte) 0x28});
    body.writeBytes(utf8("\",\"Plaintext\":\"aGk=\"}"));
    expectType(
        "invalid UTF-8 in a member",
        http.post("TrentService.Encrypt", body.toByteArray(), RawKmsHttp.Signing.valid()),
        "SerializationException");

    byte[] overlong = utf8("{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"aGk=\",\"X\":\"");
    ByteArrayOutputStream withOverlong = new ByteArrayOutputStream();
    withOverlong.writeBytes(overlong);
    withOverlong.writeBytes(
        new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
    withOverlong.writeBytes(utf8("\"}"));
    expectClientError(
        "overlong and surrogate encodings",
        http.post("TrentService.Encrypt", withOverlong.toByteArray(), RawKmsHttp.Signing.valid()));

    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(utf8("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"));
    head.writeBytes(utf8("X-Amz-Target: TrentService."));
    head.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80});
    head.writeBytes(utf8("\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"));
    RawSocketHttp.Response response = socket.exchange(head.toByteArray(), utf8("{}"));
    record("invalid UTF-8 in X-Amz-Target", response);
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void everySingleByteChangeOfACiphertext_isInvalidCiphertext_andNeverDecrypts() {
    expectDecrypted(http.post("TrentService.Decrypt", decryptJson(ciphertext)));
    for (int at = 0; at < ciphertext.length; at++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] changed = ciphertext.clone();
        changed[at] ^= (byte) mask;
        expectType(
            "byte " + at + " ^ " + mask,
            http.post("TrentService.Decrypt", decryptJson(changed)),
            "InvalidCiphertextException");
      }
    }
    assertEveryAnswerSafeAndAuditedOnce();
  }

  @Test
  void membersOfTheWrongType_areSerializationOrValidationErrors() {
    String key = "\"KeyId\":\"" + keyId + "\"";
    List<String[]> requests =
        List.of(
            new String[] {"Encrypt", "{\"KeyId\":5,\"Plaintext\":\"aGk=\"}"},
            new String[] {"Encrypt", "{" + key + ",\"Plaintext\":123}"},
            new String[] {
              "Encrypt", "{" + key + ",\"Plaintext\":\"aGk=\",\"EncryptionContext\":\"x\"}"
            },
            new String[] {
              "Encrypt", "{" + key + ",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":1}}"
            },
            new String[] {"Encrypt", "{" + key + ",\"Plaintext\":\"aGk=\",\"GrantTokens\":\"t\"}"},
            new String[] {"Encrypt", "{" + key + ",\"Plaintext\":\"not base64!\"}"},
            new String[] {"Encrypt", "{\"KeyId\":[\"" + keyId + "\"],\"Plaintext\":\"aGk=\"}"},
            new String[] {"Encrypt", "{\"KeyId\":null,\"Plaintext\":null,\"DryRun\":\"true\"}"},
            new String[] {"Encrypt", "[\"KeyId\"]"},
            new String[] {"Encrypt", "\"KeyId\""},
            new String[] {"Encrypt", "{" + key + "}{}"},
            new String[] {"Decrypt", "{\"CiphertextBlob\":{\"a\":1}}"},
            new String[] {"GenerateDataKey", "{" + key + ",\"NumberOfBytes\":\"32\"}"},
            new String[] {"GenerateDataKey", "{" + key + ",\"NumberOfBytes\":32.5}"},
            new String[] {"GenerateDataKey", "{" + key + ",\"NumberOfBytes\":1e400}"},
            new String[] {"GenerateDataKey", "{" + key + ",\"KeySpec\":7}"},
            new String[] {"GenerateRandom", "{\"NumberOfBytes\":99999999999999999999}"},
            new String[] {"CreateKey", "{\"Tags\":{\"TagKey\":\"a\",\"TagValue\":\"b\"}}"},
            new String[] {"CreateKey", "{\"Tags\":[{\"TagKey\":[],\"TagValue\":{}}]}"},
            new String[] {"ListKeys", "{\"Limit\":\"10\"}"},
            new String[] {"ScheduleKeyDeletion", "{" + key + ",\"PendingWindowInDays\":true}"},
            new String[] {"TagResource", "{" + key + ",\"Tags\":[null]}"});
    for (String[] request : requests) {
      String what = request[0] + " " + request[1];
      HttpResponse<String> response = http.post("TrentService." + request[0], request[1]);
      record(what, response);
      assertThat(response.statusCode()).as(what + " -> " + response.body()).isEqualTo(400);
      assertThat(typeOf(response.body()))
          .as(what)
          .isIn("SerializationException", "ValidationException");
    }
    assertEveryAnswerSafeAndAuditedOnce();
  }

  // --- helpers ---

  private void expectType(String what, HttpResponse<String> response, String type) {
    record(what, response);
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
    assertThat(typeOf(response.body())).as(what).isEqualTo(type);
  }

  private void expectType(String what, RawSocketHttp.Response response, String type) {
    record(what, response);
    assertThat(response.status()).as(what + ": " + response.text()).isEqualTo(400);
    assertThat(typeOf(response.text())).as(what).isEqualTo(type);
  }

  private void expectAuthError(String what, RawSocketHttp.Response response) {
    record(what, response);
    assertThat(response.status()).as(what + ": " + response.text()).isEqualTo(400);
    assertThat(typeOf(response.text())).as(what).isIn(AUTH_ERRORS);
  }

  private void expectClientError(String what, HttpResponse<String> response) {
    record(what, response);
    assertThat(response.statusCode()).as(what + ": " + response.body()).isBetween(400, 499);
  }

  private void expectDecrypted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      assertThat(
              Base64.getDecoder().decode(JSON.readTree(response.body()).get("Plaintext").asText()))
          .isEqualTo(PLAINTEXT);
    } catch (IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  private void record(String what, HttpResponse<String> response) {
    answers.add(
        new Answer(
            what,
            response.statusCode(),
            response.headers().firstValue("x-amzn-RequestId").orElse(null),
            response.body()));
  }

  private void record(String what, RawSocketHttp.Response response) {
    answers.add(
        new Answer(what, response.status(), response.requestId().orElse(null), response.text()));
  }

  /** A key of its own for a test that may change it, so the other tests keep theirs enabled. */
  private static String newKey(String description) {
    try (KmsClient kms = server.client()) {
      return kms.createKey(r -> r.description(description)).keyMetadata().keyId();
    }
  }

  private static void assertKeyEnabled(String keyId) {
    try (KmsClient kms = server.client()) {
      assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
          .isEqualTo(KeyState.ENABLED);
    }
  }

  /**
   * Every answer of this test: below 500, an AWS JSON error when not 2xx, no plaintext (raw,
   * base64, hex), and exactly one audit record carrying its request id.
   */
  private void assertEveryAnswerSafeAndAuditedOnce() {
    Map<String, Integer> records = auditRecordsByRequestId();
    String base64 = Base64.getEncoder().encodeToString(PLAINTEXT);
    String hex = HexFormat.of().formatHex(PLAINTEXT);
    for (Answer answer : answers) {
      assertThat(answer.status()).as(answer.what() + ": " + answer.body()).isLessThan(500);
      if (answer.status() >= 300) {
        assertThat(typeOf(answer.body())).as(answer.what()).isNotBlank();
      }
      assertThat(answer.body())
          .as(answer.what())
          .doesNotContain(new String(PLAINTEXT, StandardCharsets.US_ASCII))
          .doesNotContain(base64)
          .doesNotContainIgnoringCase(hex);
      assertThat(answer.requestId()).as(answer.what() + ": x-amzn-RequestId").isNotNull();
      assertThat(records.getOrDefault(answer.requestId(), 0))
          .as(answer.what() + ": audit records of request " + answer.requestId())
          .isEqualTo(1);
    }
  }

  private static Map<String, Integer> auditRecordsByRequestId() {
    Map<String, Integer> counts = new HashMap<>();
    try {
      for (String line : Files.readAllLines(server.auditLog())) {
        counts.merge(JSON.readTree(line).path("requestID").asText(), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new AssertionError("the audit log is not JSON lines", e);
    }
    return counts;
  }

  private static String typeOf(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      assertThat(json.path("message").isTextual()).as(body).isTrue();
      return json.path("__type").asText();
    } catch (IOException e) {
      throw new AssertionError("not an AWS JSON error: " + body, e);
    }
  }

  private static String decryptJson(byte[] blob) {
    return "{\"CiphertextBlob\":\""
        + Base64.getEncoder().encodeToString(blob)
        + "\",\"EncryptionContext\":"
        + CONTEXT
        + "}";
  }

  private static void replace(List<String[]> headers, String name, String value) {
    boolean replaced = false;
    for (String[] header : headers) {
      if (header[0].equalsIgnoreCase(name)) {
        header[1] = value;
        replaced = true;
      }
    }
    assertThat(replaced).as(name + " was signed").isTrue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
