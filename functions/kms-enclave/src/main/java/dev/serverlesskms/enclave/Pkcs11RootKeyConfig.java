package dev.serverlesskms.enclave;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the PKCS#11 root key lives. The PIN is not part of it (see {@link Pkcs11RootKey#open}), so
 * this can be logged.
 *
 * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so} (SoftHSM2) or
 *     {@code /opt/cloudhsm/lib/libcloudhsm_pkcs11.so} (CloudHSM)
 * @param slot the token's slot id. SoftHSM2 moves a token to a random slot id when it is
 *     initialised; {@code infra/softhsm/init-token.sh} prints it
 * @param keyLabel the root key's {@code CKA_LABEL} in the token; unique there
 * @param createIfMissing whether to generate the key in the token when none has this label. Enable
 *     it for a first start only (or in local mode): in production a missing key more likely means
 *     the wrong token, and a new key would orphan every stored key version
 */
public record Pkcs11RootKeyConfig(
    Path library, long slot, String keyLabel, boolean createIfMissing) {
  public Pkcs11RootKeyConfig {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(keyLabel, "keyLabel");
    if (slot < 0) {
      throw new IllegalArgumentException("a slot id is not negative, got " + slot);
    }
    if (keyLabel.isBlank()) {
      throw new IllegalArgumentException("the root key label is blank");
    }
    String file = library.toString();
    if (file.indexOf('"') >= 0 || file.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the PKCS#11 library path contains a quote or newline");
    }
  }
}
