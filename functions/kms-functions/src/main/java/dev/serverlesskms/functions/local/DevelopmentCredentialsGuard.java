package dev.serverlesskms.functions.local;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to start a local server that would accept the public development credentials ({@code
 * test}/{@code test}) from other machines: anyone on the network could then use every key.
 *
 * <p>Failing at start, rather than refusing requests one by one, tells the person who configured it
 * at once, with the two ways out: configure real credentials, or say explicitly that the
 * development pair may be used beyond loopback (a throwaway container on a private network).
 */
public final class DevelopmentCredentialsGuard {
  private DevelopmentCredentialsGuard() {}

  /**
   * @param bindHost the address the HTTP server listens on ({@code quarkus.http.host})
   * @throws IllegalStateException when the development pair is configured, the server listens
   *     beyond loopback, and that was not allowed
   */
  public static void check(String bindHost, LocalPrincipals principals, boolean allowed) {
    if (allowed || !principals.hasDevelopmentPair() || isLoopback(bindHost)) {
      return;
    }
    throw new IllegalStateException(
        "The local server listens on "
            + bindHost
            + ", beyond loopback, and accepts the public development credentials test/test:"
            + " anyone who reaches it could use every key. Configure your own credentials"
            + " (kms.local.credentials, or kms.local.credentials-file or kms.principals-file with"
            + " kms.local.credentials set to empty), or listen on 127.0.0.1"
            + " (quarkus.http.host), or, for a throwaway server on a private network, set"
            + " kms.local.allow-development-credentials-beyond-loopback=true.");
  }

  /** Loopback addresses and names only; a wildcard ({@code 0.0.0.0}, {@code ::}) is not. */
  static boolean isLoopback(String bindHost) {
    if (bindHost == null || bindHost.isBlank()) {
      return false;
    }
    String host = bindHost.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
