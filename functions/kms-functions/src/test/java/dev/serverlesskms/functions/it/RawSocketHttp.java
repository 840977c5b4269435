package dev.serverlesskms.functions.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: for what {@link RawKmsHttp}'s client
 * cannot send (another Host, a header changed after signing, bytes that are not UTF-8 in the head).
 * One request per connection ({@code Connection: close}).
 */
final class RawSocketHttp {
  private final int port;

  RawSocketHttp(int port) {
    this.port = port;
  }

  /** An answer: status, headers by lower-case name, body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    Optional<String> requestId() {
      return Optional.ofNullable(headers.get("x-amzn-requestid"));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The headers of a SigV4 signature by the development credentials for a POST to {@code authority}
   * (the Host header, e.g. {@code 127.0.0.1:4599}) that signs {@code headers} (and Host,
   * X-Amz-Date) and {@code body}: Host, X-Amz-Date, Authorization and {@code headers}, in the
   * signer's order.
   */
  static List<String[]> signedHeaders(String authority, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://" + authority + "/"));
    headers.forEach(request::putHeader);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                LocalKmsServer.ACCESS_KEY_ID, LocalKmsServer.SECRET_ACCESS_KEY))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()))
            .request();
    List<String[]> out = new ArrayList<>();
    boolean host = false;
    for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
      host |= header.getKey().equalsIgnoreCase("host");
      for (String value : header.getValue()) {
        out.add(new String[] {header.getKey(), value});
      }
    }
    if (!host) {
      out.add(0, new String[] {"Host", authority});
    }
    return out;
  }

  /** {@code POST /} with these headers (Content-Length and Connection are added) and body. */
  Response post(List<String[]> headers, byte[] body) {
    return post("/", headers, body);
  }

  /** A POST to {@code target} (path and query, sent as is). */
  Response post(String target, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(("POST " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    for (String[] header : headers) {
      head.writeBytes((header[0] + ": ").getBytes(StandardCharsets.ISO_8859_1));
      head.writeBytes(header[1].getBytes(StandardCharsets.ISO_8859_1));
      head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    head.writeBytes(
        ("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    return exchange(head.toByteArray(), body);
  }

  /** Writes {@code head} and {@code body} as they are and reads the answer to the end. */
  Response exchange(byte[] head, byte[] body) {
    byte[] received;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      received = in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError("no answer from the server (hang or closed connection)", e);
    }
    return parse(received);
  }

  private static Response parse(byte[] received) {
    int headEnd = indexOf(received, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headEnd < 0) {
      throw new AssertionError(
          "not an HTTP answer: " + new String(received, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(received, headEnd + 4, received.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd =
          indexOf(Arrays.copyOfRange(chunked, at, chunked.length), new byte[] {'\r', '\n'});
      String size = new String(chunked, at, lineEnd, StandardCharsets.US_ASCII).split(";")[0];
      int length = Integer.parseInt(size.trim(), 16);
      at += lineEnd + 2;
      if (length == 0) {
        break;
      }
      out.write(chunked, at, length);
      at += length + 2;
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
