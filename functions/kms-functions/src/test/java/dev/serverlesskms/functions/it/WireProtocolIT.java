package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Bad input on the wire: every case gets HTTP 400, the AWS error type and a clear message; never a
 * 500, a stack trace or a hang. Also the SigV4 checks the local server makes.
 */
class WireProtocolIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static RawKmsHttp http;
  static String keyId;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir, java.util.Map.of("kms.max-request-bytes", "65536"));
    http = new RawKmsHttp(server.endpoint());
    try (KmsClient kms = server.client()) {
      keyId = kms.createKey(r -> r.description("wire")).keyMetadata().keyId();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void validRequest_answers200_withAwsJsonAndARequestId() throws Exception {
    HttpResponse<String> response =
        http.post("TrentService.GenerateRandom", "{\"NumberOfBytes\":8}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.1");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(JSON.readTree(response.body()).get("Plaintext").asText()).hasSize(12);
  }

  @Test
  void malformedJson_isSerializationException() {
    expectAwsError(http.post("TrentService.Encrypt", "{\"KeyId\": "), "SerializationException");
    expectAwsError(http.post("TrentService.Encrypt", "[]"), "SerializationException");
    expectAwsError(http.post("TrentService.Encrypt", "not json"), "SerializationException");
    expectAwsError(
        http.post("TrentService.Encrypt", "{\"KeyId\":\"x\"} trailing"), "SerializationException");
  }

  @Test
  void unknownOrMissingTarget_isUnknownOperationException() {
    expectAwsError(http.post("TrentService.MineBitcoin", "{}"), "UnknownOperationException");
    expectAwsError(http.post("OtherService.Encrypt", "{}"), "UnknownOperationException");
    expectAwsError(http.post(null, "{}"), "UnknownOperationException");
  }

  @Test
  void missingRequiredMember_isValidationException_namingTheMember() {
    JsonNode error =
        expectAwsError(
            http.post("TrentService.Encrypt", "{\"Plaintext\":\"aGk=\"}"), "ValidationException");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    expectAwsError(http.post("TrentService.Encrypt", "{}"), "ValidationException");
    expectAwsError(
        http.post("TrentService.CreateAlias", "{\"AliasName\":\"alias/a\"}"),
        "ValidationException");
  }

  @Test
  void mistypedMembers_areSerializationException_withoutEchoingTheValue() {
    expectAwsError(
        http.post("TrentService.GenerateRandom", "{\"NumberOfBytes\":\"12\"}"),
        "SerializationException");
    expectAwsError(
        http.post("TrentService.GenerateRandom", "{\"NumberOfBytes\":1.5}"),
        "SerializationException");
    expectAwsError(
        http.post("TrentService.Encrypt", "{\"KeyId\":5,\"Plaintext\":\"aGk=\"}"),
        "SerializationException");
    expectAwsError(
        http.post(
            "TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"EncryptionContext\":[1]}"),
        "SerializationException");
    JsonNode error =
        expectAwsError(
            http.post(
                "TrentService.Encrypt",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"s3cr3t-n0t-base64!\"}"),
            "SerializationException");
    assertThat(error.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void enumValueOutsideItsSet_isValidationException_listingTheSet() {
    JsonNode error =
        expectAwsError(
            http.post(
                "TrentService.GenerateDataKey",
                "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_512\"}"),
            "ValidationException");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [AES_256, AES_128]");
  }

  @Test
  void oversizedBody_isValidationException_declaredOrChunked() {
    byte[] big =
        ("{\"KeyId\":\"" + keyId + "\",\"Description\":\"" + "x".repeat(70_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    expectAwsError(
        http.post("TrentService.UpdateKeyDescription", big, RawKmsHttp.Signing.valid()),
        "ValidationException");
    expectAwsError(
        http.postChunked("TrentService.UpdateKeyDescription", big), "ValidationException");
  }

  @Test
  void otherMethodsThanPost_areRejectedWithAnAwsError() {
    expectAwsError(http.get(), "UnknownOperationException");
  }

  @Test
  void unsignedRequest_isMissingAuthenticationToken() {
    expectAwsError(
        http.postUnsigned("TrentService.ListKeys", "{}"), "MissingAuthenticationTokenException");
  }

  @Test
  void unknownAccessKey_isUnrecognizedClient() {
    expectAwsError(
        http.post(
            "TrentService.ListKeys",
            "{}".getBytes(StandardCharsets.UTF_8),
            new RawKmsHttp.Signing("AKIDUNKNOWN", "test", "us-east-1", Clock.systemUTC())),
        "UnrecognizedClientException");
  }

  @Test
  void wrongSecret_isInvalidSignature() {
    JsonNode error =
        expectAwsError(
            http.post(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                new RawKmsHttp.Signing("test", "not-the-secret", "us-east-1", Clock.systemUTC())),
            "InvalidSignatureException");
    assertThat(error.get("message").asText())
        .startsWith("The request signature we calculated does not match");
  }

  @Test
  void bodyAlteredAfterSigning_isInvalidSignature() {
    expectAwsError(
        http.postAltered(
            "TrentService.GenerateRandom",
            "{\"NumberOfBytes\":8}".getBytes(StandardCharsets.UTF_8),
            "{\"NumberOfBytes\":9}".getBytes(StandardCharsets.UTF_8)),
        "InvalidSignatureException");
  }

  @Test
  void staleOrFutureSignature_isInvalidSignature_signatureExpired() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    JsonNode error =
        expectAwsError(
            http.post(
                "TrentService.ListKeys",
                "{}".getBytes(StandardCharsets.UTF_8),
                new RawKmsHttp.Signing("test", "test", "us-east-1", past)),
            "InvalidSignatureException");
    assertThat(error.get("message").asText()).startsWith("Signature expired: ");

    Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    assertThat(
            expectAwsError(
                    http.post(
                        "TrentService.ListKeys",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        new RawKmsHttp.Signing("test", "test", "us-east-1", future)),
                    "InvalidSignatureException")
                .get("message")
                .asText())
        .startsWith("Signature not yet current: ");
  }

  /**
   * The server serves every region (docs/regions.md): a scope naming another region is served in
   * it; one naming no region is refused as AWS refuses a region its endpoint does not serve.
   */
  @Test
  void signatureScopedToARegionItDoesNotServe_isInvalidSignature() {
    assertThat(
            expectAwsError(
                    http.post(
                        "TrentService.ListKeys",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        new RawKmsHttp.Signing("test", "test", "moon-base", Clock.systemUTC())),
                    "InvalidSignatureException")
                .get("message")
                .asText())
        .isEqualTo("Credential should be scoped to a valid region, not 'moon-base'. ");
    HttpResponse<String> otherRegion =
        http.post(
            "TrentService.ListKeys",
            "{}".getBytes(StandardCharsets.UTF_8),
            new RawKmsHttp.Signing("test", "test", "eu-west-1", Clock.systemUTC()));
    assertThat(otherRegion.statusCode()).as(otherRegion.body()).isEqualTo(200);
  }

  /** Asserts the AWS error shape and returns the body. */
  static JsonNode expectAwsError(HttpResponse<String> response, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.1");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(response.body())
        .doesNotContain("\tat ")
        .doesNotContain("Exception:")
        .doesNotContain("dev.serverlesskms");
    try {
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("__type").asText()).isEqualTo(type);
      assertThat(body.has("message")).isTrue();
      return body;
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
