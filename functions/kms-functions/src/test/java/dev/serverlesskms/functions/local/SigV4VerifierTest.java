package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.functions.wire.WireRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a signature must cover to be accepted: the host, the date and every {@code x-amz-*} header,
 * the operation among them; and that every recorded request of a real AWS client (CLI v2, boto3,
 * JavaScript v3, Java v2) still passes.
 */
class SigV4VerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CAPTURES = Path.of("src/test/resources/wire-captures");
  private static final Instant NOW = Instant.parse("2026-11-23T05:45:03Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final SigV4Verifier verifier = verifier(CLOCK);
  private final SdkSignedRequests sdk = new SdkSignedRequests(CLOCK, "test", "test");

  @Test
  void signedOverTheOperation_verifies() {
    WireRequest request = sdk.operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");

    assertThat(request.header("authorization")).contains("x-amz-target");
    assertThat(verifier.verify(SdkSignedRequests.signedRequest(request)).accessKeyId())
        .isEqualTo("test");
  }

  /** One local server serves every region: the scope may name any of them. */
  @ParameterizedTest
  @ValueSource(strings = {"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "local"})
  void signedForAnyRegion_verifies(String region) {
    WireRequest request =
        new SdkSignedRequests(CLOCK, "test", "test", region)
            .operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");

    assertThat(request.header("authorization")).contains("/" + region + "/kms/aws4_request");
    assertThat(verifier.verify(SdkSignedRequests.signedRequest(request)).accessKeyId())
        .isEqualTo("test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"moon", "US-EAST-1", "eu_west_1", "eu-west"})
  void aScopeNamingNoRegion_isInvalidSignature_asAwsAnswersARegionItDoesNotServe(String region) {
    WireRequest request =
        new SdkSignedRequests(CLOCK, "test", "test", region)
            .operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");

    KmsException refused = refusal(request);
    assertThat(refused.type().wireName()).isEqualTo("InvalidSignatureException");
    assertThat(refused.type().httpStatus()).isEqualTo(400);
    assertThat(refused.getMessage())
        .isEqualTo("Credential should be scoped to a valid region, not '" + region + "'. ");
  }

  @Test
  void operationLeftUnsigned_isIncompleteSignature() {
    WireRequest request = sdk.operationUnsigned("DescribeKey", "{\"KeyId\":\"alias/x\"}");
    assertThat(request.header("authorization")).contains("SignedHeaders=host;x-amz-");
    assertThat(request.header("authorization")).doesNotContain("x-amz-target");

    expectIncomplete(request, "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  }

  @Test
  void anyOtherXAmzHeaderLeftUnsigned_isIncompleteSignature_butOtherHeadersMayBe() {
    WireRequest signed = sdk.operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");

    expectIncomplete(
        SdkSignedRequests.withHeader(signed, "X-Amz-Security-Token", "FwoGZXIvYXdzE"),
        "'X-Amz-Security-Token' must be a 'SignedHeader'");
    expectIncomplete(
        SdkSignedRequests.withHeader(signed, "x-amz-user-agent", "aws-sdk-js/3"),
        "'X-Amz-User-Agent' must be a 'SignedHeader'");
    // Headers outside x-amz-* are the client's to sign or not (user-agent never is).
    WireRequest withAgent = SdkSignedRequests.withHeader(signed, "User-Agent", "changed/1.0");
    WireRequest withTrace = SdkSignedRequests.withHeader(signed, "X-Amzn-Trace-Id", "Root=1-x");
    assertThat(verifier.verify(SdkSignedRequests.signedRequest(withAgent))).isNotNull();
    assertThat(verifier.verify(SdkSignedRequests.signedRequest(withTrace))).isNotNull();
  }

  @Test
  void dateOrHostMissingFromSignedHeaders_isIncompleteSignature() {
    WireRequest signed = sdk.operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");
    String authorization = signed.header("authorization");

    expectIncomplete(
        SdkSignedRequests.withHeader(
            signed, "Authorization", authorization.replace(";x-amz-date", "")),
        "'X-Amz-Date' must be a 'SignedHeader'");
    expectIncomplete(
        SdkSignedRequests.withHeader(signed, "Authorization", authorization.replace("host;", "")),
        "'Host' or ':authority' must be a 'SignedHeader'");
  }

  @Test
  void credentialScopeDate_mustEqualTheDateOfXAmzDate_notJustPrefixIt() {
    WireRequest signed = sdk.operation("DescribeKey", "{\"KeyId\":\"alias/x\"}");
    String authorization = signed.header("authorization");

    for (String scopeDate : List.of("", "2026", "2026112", "20261122")) {
      WireRequest altered =
          SdkSignedRequests.withHeader(
              signed, "Authorization", authorization.replace("/20261123/", "/" + scopeDate + "/"));
      KmsException refused = refusal(altered);
      assertThat(refused.type().wireName()).as(scopeDate).isEqualTo("InvalidSignatureException");
      assertThat(refused.getMessage())
          .as(scopeDate)
          .startsWith("Date in Credential scope does not match YYYYMMDD");
    }
  }

  static Stream<Path> signedCaptures() throws IOException {
    try (Stream<Path> files = Files.list(CAPTURES)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().contains("no-sign-request"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** No real client is refused: each recorded request verifies at the time it was signed. */
  @ParameterizedTest
  @MethodSource("signedCaptures")
  void everyRecordedClientRequest_verifies(Path capture) throws IOException {
    JsonNode recorded = JSON.readTree(capture.toFile());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (JsonNode header : recorded.get("headers")) {
      headers
          .computeIfAbsent(header.get(0).asText().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.get(1).asText());
    }
    Instant signedAt =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .parse(headers.get("x-amz-date").get(0), Instant::from);
    SignedRequest request =
        new SignedRequest(
            recorded.get("method").asText(),
            recorded.get("path").asText(),
            null,
            headers,
            recorded.get("body_raw").asText().getBytes(StandardCharsets.UTF_8));

    assertThat(verifier(Clock.fixed(signedAt, ZoneOffset.UTC)).verify(request).accessKeyId())
        .isEqualTo("test");
  }

  private void expectIncomplete(WireRequest request, String message) {
    KmsException refused = refusal(request);
    assertThat(refused.type().wireName()).isEqualTo("IncompleteSignatureException");
    assertThat(refused.type().httpStatus()).isEqualTo(400);
    assertThat(refused.getMessage()).contains(message);
  }

  private KmsException refusal(WireRequest request) {
    return catchThrowableOfType(
        KmsException.class, () -> verifier.verify(SdkSignedRequests.signedRequest(request)));
  }

  private static SigV4Verifier verifier(Clock clock) {
    return new SigV4Verifier(
        LocalPrincipals.load(
            Optional.of("test:test"), Optional.empty(), Optional.empty(), "000000000000"),
        "kms",
        Duration.ofMinutes(15),
        clock);
  }
}
