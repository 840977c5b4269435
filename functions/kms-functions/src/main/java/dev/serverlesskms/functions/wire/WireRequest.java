package dev.serverlesskms.functions.wire;

import dev.serverlesskms.core.request.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A KMS wire request as any transport received it, before anything was checked: what the {@link
 * WireDispatcher} decides on.
 *
 * @param requestId the id the answer and the audit record carry ({@code x-amzn-RequestId})
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path exactly as sent (still percent-encoded), without the query
 * @param rawQuery the query string exactly as sent, or {@code null}
 * @param headers header values by lower-case name, in the order received
 * @param body the body, read no further than the dispatcher's limit
 * @param sourceIp the client's address, or {@code null}
 * @param userAgent the client's User-Agent, or {@code null}
 * @param caller the caller when the transport already authenticated the request, else {@code null}
 */
public record WireRequest(
    String requestId,
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    WireBody body,
    String sourceIp,
    String userAgent,
    Caller caller) {

  public WireRequest {
    Objects.requireNonNull(requestId, "requestId");
    headers = headers == null ? Map.of() : headers;
    body = body == null ? WireBody.EMPTY : body;
  }

  /** The first value of a header, by lower-case name. */
  public String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The {@code X-Amz-Target} header, e.g. {@code TrentService.Encrypt}. */
  public String target() {
    return header("x-amz-target");
  }

  /**
   * The {@code headers} of a request from an HTTP server's header entries (Vert.x' and Netty's are
   * both such an iterable): values by lower-case name, in the order received, as SigV4 reads them.
   */
  public static Map<String, List<String>> headersOf(Iterable<Map.Entry<String, String>> entries) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : entries) {
      headers
          .computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(entry.getValue());
    }
    return headers;
  }
}
