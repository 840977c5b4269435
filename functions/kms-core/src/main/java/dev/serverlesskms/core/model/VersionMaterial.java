package dev.serverlesskms.core.model;

/**
 * The material of a new key version as the enclave hands it out: wrapped (bound to the version it
 * was made for) and named by its public KeyMaterialId. Intents that add a version take a function
 * that makes it, and call it only once the key's rules allow the change, so a refused change costs
 * no enclave call.
 */
public interface VersionMaterial {
  WrappedKey material();

  /** The KMS {@code KeyMaterialId}: 64 hex characters. */
  String materialId();
}
