package dev.serverlesskms.core.port;

import java.util.Objects;

/**
 * A cluster the operator declared for custom key stores: what a {@code CloudHsmClusterId} names.
 * Here it is one PKCS#11 token (library and token), declared in configuration; CloudHSM's cluster
 * is the same thing behind its PKCS#11 library.
 *
 * @param id the id CreateCustomKeyStore's CloudHsmClusterId names
 * @param token identifies the token behind it: two declared clusters with the same token are
 *     "related" (AWS: clusters that share a backup history), so a store may move between them
 * @param trustAnchorCertificate the PEM certificate a store must present to use it, or {@code null}
 *     when the operator declared none (then any certificate is taken, and docs say so)
 */
public record HsmCluster(String id, String token, String trustAnchorCertificate) {
  public HsmCluster {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "token");
  }
}
