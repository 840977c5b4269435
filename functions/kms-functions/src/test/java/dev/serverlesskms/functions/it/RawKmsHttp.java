package dev.serverlesskms.functions.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made KMS wire requests, signed with the AWS SDK's own SigV4 signer (or deliberately not, or
 * wrongly), for the cases an SDK client never sends: broken JSON, wrong types, unknown targets,
 * stale or forged signatures.
 */
final class RawKmsHttp {
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  RawKmsHttp(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** How to sign: which credentials, region and clock. */
  record Signing(String accessKeyId, String secret, String region, Clock clock) {
    static Signing valid() {
      return new Signing("test", "test", "us-east-1", Clock.systemUTC());
    }
  }

  HttpResponse<String> post(String target, String json) {
    return post(target, json.getBytes(StandardCharsets.UTF_8), Signing.valid());
  }

  HttpResponse<String> post(String target, byte[] body, Signing signing) {
    return send(signed(target, body, signing), HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** Signs {@code signedBody} but sends {@code sentBody}: a request altered in transit. */
  HttpResponse<String> postAltered(String target, byte[] signedBody, byte[] sentBody) {
    return send(
        signed(target, signedBody, Signing.valid()),
        HttpRequest.BodyPublishers.ofByteArray(sentBody));
  }

  /** Sends a body of unknown length (chunked transfer encoding). */
  HttpResponse<String> postChunked(String target, byte[] body) {
    return send(
        signed(target, body, Signing.valid()),
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  HttpResponse<String> postUnsigned(String target, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1");
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return send(request, HttpRequest.BodyPublishers.ofString(json));
  }

  HttpResponse<String> get() {
    return get("/");
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
  }

  /** A validly signed POST to another path than the KMS's {@code /}. */
  HttpResponse<String> postTo(String path, String target, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return send(
        signed(path, target, body, Signing.valid()), HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * An unsigned POST of {@code length} zero bytes, generated as they are sent: with a declared
   * Content-Length, or chunked.
   */
  HttpResponse<String> postZeros(String target, long length, boolean declared) {
    HttpRequest.BodyPublisher zeros =
        HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(length));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", target);
    return send(
        request, declared ? HttpRequest.BodyPublishers.fromPublisher(zeros, length) : zeros);
  }

  /** {@code length} zero bytes, never all in memory. */
  private static final class ZeroStream extends java.io.InputStream {
    private long remaining;

    ZeroStream(long length) {
      this.remaining = length;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
      remaining -= n;
      return n;
    }
  }

  private HttpRequest.Builder signed(String target, byte[] body, Signing signing) {
    return signed("/", target, body, signing);
  }

  private HttpRequest.Builder signed(String path, String target, byte[] body, Signing signing) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve(path))
            .putHeader("Content-Type", "application/x-amz-json-1.1");
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(signing.accessKeyId(), signing.secret()))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, signing.region())
                        .putProperty(HttpSigner.SIGNING_CLOCK, signing.clock()));
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, HttpRequest.BodyPublisher body) {
    return send(request.POST(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("no answer from the server (hang or closed connection)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
