package dev.serverlesskms.functions.local;

import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * KMS wire requests signed by the AWS SDK's own SigV4 signer, which signs every header the request
 * has when it signs. Headers added afterwards are sent unsigned: how a captured request is altered
 * and replayed.
 */
final class SdkSignedRequests {
  static final String HOST = "127.0.0.1:4599";

  private final Clock clock;
  private final String accessKeyId;
  private final String secret;
  private final String region;

  SdkSignedRequests(Clock clock, String accessKeyId, String secret) {
    this(clock, accessKeyId, secret, "us-east-1");
  }

  /** Requests signed for {@code region}, as a client configured for it signs them. */
  SdkSignedRequests(Clock clock, String accessKeyId, String secret, String region) {
    this.clock = clock;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.region = region;
  }

  /**
   * @param signedHeaders headers present when the SDK signs (besides the Host and what the signer
   *     adds: X-Amz-Date, X-Amz-Content-Sha256)
   * @param unsignedHeaders headers added after signing
   */
  WireRequest post(
      String json, Map<String, String> signedHeaders, Map<String, String> unsignedHeaders) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://" + HOST + "/"));
    signedHeaders.forEach(request::putHeader);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of(HOST));
    signed.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    unsignedHeaders.forEach(
        (name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
    return new WireRequest(
        UUID.randomUUID().toString(),
        "POST",
        "/",
        null,
        headers,
        WireBody.of(body),
        "127.0.0.1",
        "sdk-signed-test",
        null);
  }

  /** Signed over everything, the operation included: what every AWS client sends. */
  WireRequest operation(String operation, String json) {
    return post(
        json,
        Map.of(
            "Content-Type",
            "application/x-amz-json-1.1",
            "X-Amz-Target",
            "TrentService." + operation),
        Map.of());
  }

  /** Signed over the host, the date and the body only; the operation added afterwards. */
  WireRequest operationUnsigned(String operation, String json) {
    return post(json, Map.of(), Map.of("X-Amz-Target", "TrentService." + operation));
  }

  /** {@code request} with one header replaced, its signature unchanged. */
  static WireRequest withHeader(WireRequest request, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new WireRequest(
        UUID.randomUUID().toString(),
        request.method(),
        request.path(),
        request.rawQuery(),
        headers,
        request.body(),
        request.sourceIp(),
        request.userAgent(),
        request.caller());
  }

  static SignedRequest signedRequest(WireRequest request) {
    return new SignedRequest(
        request.method(),
        request.path(),
        request.rawQuery(),
        request.headers(),
        request.body().bytes());
  }
}
