package dev.serverlesskms.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The only endpoints the load generator may target: this machine's loopback (127.0.0.0/8, ::1, or
 * {@code localhost} when every address it resolves to is loopback). Load against any other address
 * is refused before a single request is sent.
 */
final class LoopbackEndpoint {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackEndpoint() {}

  /**
   * @return the endpoint as a URI
   * @throws IllegalArgumentException if it is not an http(s) URL whose host is loopback
   */
  static URI require(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + endpoint, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "endpoint must be an http:// or https:// URL: " + endpoint);
    }
    String host = uri.getHost();
    if (host == null || !isLoopback(host)) {
      throw new IllegalArgumentException(
          "refusing to send load to "
              + endpoint
              + ": only loopback endpoints (127.0.0.0/8, [::1], localhost) are allowed");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    try {
      if (host.equalsIgnoreCase("localhost")) {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
          if (!address.isLoopbackAddress()) {
            return false;
          }
        }
        return addresses.length > 0;
      }
      boolean ipv6Literal = host.startsWith("[") && host.endsWith("]");
      if (!ipv6Literal && !IPV4_LITERAL.matcher(host).matches()) {
        return false; // a host name other than localhost: never resolved, never trusted
      }
      // A literal: parsed, not looked up.
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
