package dev.serverlesskms.functions.apigw;

import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Translates between API Gateway's HTTP API events (payload format 2.0) and the transport-neutral
 * {@link WireRequest} / {@link WireResponse}. Nothing is checked here: the dispatcher decides.
 */
final class HttpApiWire {
  private HttpApiWire() {}

  static WireRequest toWire(HttpApiRequest event) {
    HttpApiRequest.RequestContext context = event.requestContext();
    HttpApiRequest.Http http = context == null ? null : context.http();
    String requestId =
        context != null && context.requestId() != null
            ? context.requestId()
            : UUID.randomUUID().toString();
    // An event without its http member (hand-written) is taken as the route's own: POST /.
    String method = http != null && http.method() != null ? http.method() : "POST";
    String path = routePath(http != null && http.path() != null ? http.path() : event.rawPath());
    Caller caller =
        context == null || context.authorizer() == null
            ? null
            : IamCallers.from(context.authorizer().iam());
    return new WireRequest(
        requestId,
        method,
        withoutStage(path, context == null ? null : context.stage()),
        event.rawQueryString() == null || event.rawQueryString().isEmpty()
            ? null
            : event.rawQueryString(),
        headers(event.headers()),
        body(event),
        http == null ? null : http.sourceIp(),
        http != null && http.userAgent() != null ? http.userAgent() : event.header("user-agent"),
        caller);
  }

  static HttpApiResponse toHttp(String requestId, WireResponse response) {
    return new HttpApiResponse(
        response.status(),
        response.headers(requestId),
        new String(response.body(), StandardCharsets.UTF_8),
        false);
  }

  private static String routePath(String path) {
    return path == null || path.isEmpty() ? "/" : path;
  }

  /** A named stage prefixes the path with its name; the {@code $default} stage does not. */
  static String withoutStage(String path, String stage) {
    if (stage == null || stage.isEmpty() || stage.equals("$default")) {
      return path;
    }
    String prefix = "/" + stage;
    if (path.equals(prefix)) {
      return "/";
    }
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }

  /** Payload 2.0 joins repeated headers with commas and lower-cases their names. */
  private static Map<String, List<String>> headers(Map<String, String> headers) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach(
          (name, value) -> {
            if (value != null) {
              byName.put(name.toLowerCase(Locale.ROOT), List.of(value));
            }
          });
    }
    return byName;
  }

  /**
   * API Gateway has already bounded the body (10 MB) and the event holds it whole; the dispatcher
   * compares its length with its own limit.
   */
  private static WireBody body(HttpApiRequest event) {
    if (event.body() == null) {
      return WireBody.EMPTY;
    }
    try {
      return WireBody.of(
          event.isBase64Encoded()
              ? Base64.getDecoder().decode(event.body())
              : event.body().getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notBase64) {
      // API Gateway never sends this; a hand-made event might. Its JSON then fails to parse.
      return WireBody.of(event.body().getBytes(StandardCharsets.UTF_8));
    }
  }
}
