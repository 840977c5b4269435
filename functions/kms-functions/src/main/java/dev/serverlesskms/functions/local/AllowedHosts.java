package dev.serverlesskms.functions.local;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host names the local server answers to, checked against each request's {@code Host} header.
 *
 * <p>Why: the development credentials ({@code test}/{@code test}) are public, so a signature proves
 * nothing about who sent a request. A web page can make a browser send signed requests to the local
 * server through DNS rebinding (its own name, re-pointed to 127.0.0.1): the browser then thinks it
 * talks to the page's origin, and only the {@code Host} header still names that origin. Answering
 * only the names this server is configured for (loopback names by default) closes that path.
 *
 * <p>Names are compared without their port and without case; IPv6 literals are written in brackets
 * ({@code [::1]}), as in a {@code Host} header. {@code *} accepts any host (the check is off).
 */
public final class AllowedHosts {
  /** The loopback names: what a client on this machine puts in its Host header. */
  public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> names;
  private final boolean any;

  private AllowedHosts(Set<String> names, boolean any) {
    this.names = names;
    this.any = any;
  }

  /**
   * @param names host names, {@code ::1} or {@code [::1]} for IPv6 literals; {@code *} for any
   */
  public static AllowedHosts of(List<String> names) {
    boolean any = names.stream().anyMatch(n -> n.trim().equals("*"));
    Set<String> normalized =
        names.stream()
            .map(n -> n.trim().toLowerCase(Locale.ROOT))
            .filter(n -> !n.isEmpty() && !n.equals("*"))
            .map(n -> n.contains(":") && !n.startsWith("[") ? "[" + n + "]" : n)
            .collect(Collectors.toUnmodifiableSet());
    if (!any && normalized.isEmpty()) {
      throw new IllegalStateException(
          "kms.local.allowed-hosts names no host: the local server would answer no request"
              + " (use * to accept any host)");
    }
    return new AllowedHosts(normalized, any);
  }

  public boolean acceptsAny() {
    return any;
  }

  /**
   * @param hostHeader the request's {@code Host} header ({@code name[:port]}), or {@code null}
   */
  public boolean accepts(String hostHeader) {
    if (any) {
      return true;
    }
    String name = nameOf(hostHeader);
    return name != null && names.contains(name);
  }

  /** The name part of a Host header, lower-case; {@code null} when it is not a valid one. */
  static String nameOf(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    String name;
    String port;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return null;
      }
      name = host.substring(0, close + 1);
      String rest = host.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return null;
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
    } else {
      int colon = host.indexOf(':');
      name = colon < 0 ? host : host.substring(0, colon);
      port = colon < 0 ? "" : host.substring(colon + 1);
    }
    if (name.isEmpty() || (!port.isEmpty() && !port.chars().allMatch(Character::isDigit))) {
      return null;
    }
    return name;
  }
}
