package dev.serverlesskms.core.port;

import dev.serverlesskms.core.model.KmsLocation;
import java.time.Clock;
import java.util.Objects;

/**
 * The ports and settings every operation works with. Built once by the wiring layer.
 *
 * @param location where the KMS lives; its region is the default region (requests that name none)
 * @param store the key store's view of the default region ({@link KeyStore#inRegion} for others)
 * @param hsm the tokens behind custom key stores ({@link CustomKeyStoreHsm#none()} without any)
 * @param quotas the resource quotas enforced
 */
public record KmsEnvironment(
    KmsLocation location,
    KeyStore store,
    Enclave enclave,
    Clock clock,
    CustomKeyStoreHsm hsm,
    ResourceQuotas quotas) {
  public KmsEnvironment {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(enclave, "enclave");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(hsm, "hsm");
    Objects.requireNonNull(quotas, "quotas");
  }

  /** A KMS with AWS's default quotas. */
  public KmsEnvironment(
      KmsLocation location, KeyStore store, Enclave enclave, Clock clock, CustomKeyStoreHsm hsm) {
    this(location, store, enclave, clock, hsm, ResourceQuotas.AWS_DEFAULTS);
  }

  /**
   * The same KMS's environment in {@code region}: the location and the store's view of that region
   * (a multi-Region key's replica lives there).
   */
  public KmsEnvironment inRegion(String region) {
    return region.equals(location.region())
        ? this
        : new KmsEnvironment(
            location.withRegion(region), store.inRegion(region), enclave, clock, hsm, quotas);
  }

  /** A KMS without custom key store clusters. */
  public KmsEnvironment(KmsLocation location, KeyStore store, Enclave enclave, Clock clock) {
    this(location, store, enclave, clock, CustomKeyStoreHsm.none());
  }
}
