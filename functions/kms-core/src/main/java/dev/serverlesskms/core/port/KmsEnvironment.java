package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.KmsLocation;
import java.time.Clock;
import java.util.Objects;

/** The ports and settings every operation works with. Built once by the wiring layer. */
public record KmsEnvironment(KmsLocation location, KeyStore store, Enclave enclave, Clock clock) {
  public KmsEnvironment {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(enclave, "enclave");
    Objects.requireNonNull(clock, "clock");
  }
}
