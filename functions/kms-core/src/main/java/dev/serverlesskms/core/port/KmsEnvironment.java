package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.KmsLocation;
import java.time.Clock;
import java.util.Objects;

/**
 * The ports and settings every operation works with. Built once by the wiring layer.
 *
 * @param hsm the tokens behind custom key stores ({@link CustomKeyStoreHsm#none()} without any)
 */
public record KmsEnvironment(
    KmsLocation location, KeyStore store, Enclave enclave, Clock clock, CustomKeyStoreHsm hsm) {
  public KmsEnvironment {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(enclave, "enclave");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(hsm, "hsm");
  }

  /** A KMS without custom key store clusters. */
  public KmsEnvironment(KmsLocation location, KeyStore store, Enclave enclave, Clock clock) {
    this(location, store, enclave, clock, CustomKeyStoreHsm.none());
  }
}
