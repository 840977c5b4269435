package dev.serverlesskms.functions.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.functions.lambda.SampleEvents;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API Gateway's payload 2.0 events in, the transport-neutral request out, and back. */
class HttpApiWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sampleEvent_becomesAPostToTheRoot_withTheIamCallerAndTheRequestId() throws IOException {
    WireRequest request = HttpApiWire.toWire(sampleEvent());

    assertThat(request.requestId()).isEqualTo("BxKb5gJ8IAMEExA=");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.rawQuery()).isNull();
    assertThat(request.target()).isEqualTo("TrentService.Encrypt");
    assertThat(request.sourceIp()).isEqualTo("203.0.113.10");
    assertThat(request.userAgent()).startsWith("aws-cli/2.9.19");
    assertThat(new String(request.body().bytes(), StandardCharsets.UTF_8))
        .startsWith("{\"KeyId\":\"alias/example\"");
    assertThat(request.caller().arn()).isEqualTo("arn:aws:iam::000000000000:user/example");
    assertThat(request.caller().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    assertThat(request.caller().type()).isEqualTo("IAMUser");
  }

  @Test
  void eventWithoutAuthorizer_hasNoCaller() throws IOException {
    HttpApiRequest event = sampleEvent();
    HttpApiRequest.RequestContext context = event.requestContext();
    HttpApiRequest anonymous =
        new HttpApiRequest(
            event.version(),
            event.rawPath(),
            event.rawQueryString(),
            event.headers(),
            new HttpApiRequest.RequestContext(
                context.accountId(), context.requestId(), context.stage(), null, context.http()),
            event.body(),
            false);

    assertThat(HttpApiWire.toWire(anonymous).caller()).isNull();
  }

  @Test
  void base64EncodedBody_isDecoded() throws IOException {
    HttpApiRequest event = sampleEvent();
    HttpApiRequest encoded =
        new HttpApiRequest(
            event.version(),
            event.rawPath(),
            event.rawQueryString(),
            event.headers(),
            event.requestContext(),
            Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)),
            true);

    assertThat(HttpApiWire.toWire(encoded).body().bytes()).asString().isEqualTo("{}");
  }

  @Test
  void handWrittenEventWithoutContext_isTakenAsPostToTheRoot() {
    HttpApiRequest bare =
        new HttpApiRequest(
            "2.0", null, null, Map.of("X-Amz-Target", "TrentService.ListKeys"), null, null, false);

    WireRequest request = HttpApiWire.toWire(bare);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.target()).isEqualTo("TrentService.ListKeys");
    assertThat(request.body().length()).isZero();
    assertThat(request.caller()).isNull();
    assertThat(request.requestId()).isNotBlank();
  }

  @Test
  void namedStage_isStrippedFromThePath_defaultStageIsNot() {
    assertThat(HttpApiWire.withoutStage("/prod/", "prod")).isEqualTo("/");
    assertThat(HttpApiWire.withoutStage("/prod", "prod")).isEqualTo("/");
    assertThat(HttpApiWire.withoutStage("/prod/keys", "prod")).isEqualTo("/keys");
    assertThat(HttpApiWire.withoutStage("/production/", "prod")).isEqualTo("/production/");
    assertThat(HttpApiWire.withoutStage("/", "$default")).isEqualTo("/");
    assertThat(HttpApiWire.withoutStage("/x", null)).isEqualTo("/x");
  }

  @Test
  void response_carriesStatusBodyAndAwsHeaders() {
    HttpApiResponse response =
        HttpApiWire.toHttp(
            "req-9",
            new WireResponse(
                400,
                "{\"__type\":\"NotFoundException\"}".getBytes(StandardCharsets.UTF_8),
                "NotFoundException"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.isBase64Encoded()).isFalse();
    assertThat(response.body()).isEqualTo("{\"__type\":\"NotFoundException\"}");
    assertThat(response.headers())
        .containsEntry("Content-Type", "application/x-amz-json-1.1")
        .containsEntry("x-amzn-RequestId", "req-9")
        .containsEntry("x-amzn-ErrorType", "NotFoundException");
  }

  /**
   * events/kms-api-encrypt.json, the sample API Gateway delivers for an IAM-signed Encrypt, read
   * from the repository's events folder (it is not a test resource: a stale copy in target/ once
   * hid that).
   */
  private static HttpApiRequest sampleEvent() throws IOException {
    return JSON.readValue(SampleEvents.read("kms-api-encrypt.json"), HttpApiRequest.class);
  }
}
