package dev.serverlesskms.functions.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the SigV4 verifier needs it.
 *
 * @param method e.g. {@code POST}
 * @param rawPath the path exactly as sent (still percent-encoded)
 * @param rawQuery the query string exactly as sent, or {@code null}
 * @param headers header values by lower-case name, in the order received
 * @param body the body bytes
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body) {

  public String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
