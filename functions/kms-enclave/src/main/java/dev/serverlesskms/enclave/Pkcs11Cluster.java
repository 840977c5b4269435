package dev.serverlesskms.enclave;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A cluster custom key stores may use, as the operator declares it: a {@code CloudHsmClusterId} and
 * the PKCS#11 token behind it. No PIN here: a store brings its own (CreateCustomKeyStore's
 * KeyStorePassword), so this can be logged.
 *
 * @param id the CloudHsmClusterId stores name (AWS's form: {@code cluster-} and 11 or more
 *     characters, 19 to 24 in all)
 * @param library the PKCS#11 module: SoftHSM2's {@code libsofthsm2.so}, or CloudHSM's {@code
 *     libcloudhsm_pkcs11.so}
 * @param slot the token's slot id
 * @param trustAnchorCertificate the PEM certificate a store must present, or {@code null} to take
 *     any (docs/custom-key-stores.md)
 */
public record Pkcs11Cluster(String id, Path library, long slot, String trustAnchorCertificate) {
  public Pkcs11Cluster {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(library, "library");
    if (id.length() < 19 || id.length() > 24) {
      throw new IllegalArgumentException(
          "a cluster id has 19 to 24 characters (cluster-<id>), got '" + id + "'");
    }
    if (slot < 0) {
      throw new IllegalArgumentException("a slot id is not negative, got " + slot);
    }
    String file = library.toString();
    if (file.indexOf('"') >= 0 || file.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the PKCS#11 library path contains a quote or newline");
    }
  }

  /** The token behind the cluster: two clusters on the same token are related. */
  public String token() {
    return library + "#" + slot;
  }
}
