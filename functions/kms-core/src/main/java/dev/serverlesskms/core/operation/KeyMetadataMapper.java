package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.MultiRegionConfiguration;
import dev.serverlesskms.core.api.MultiRegionKey;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.MultiRegion;
import java.util.List;

/** Builds the KeyMetadata structure AWS returns from a stored key. */
final class KeyMetadataMapper {
  private KeyMetadataMapper() {}

  static KeyMetadata toMetadata(KmsKey key, KmsLocation location) {
    return toMetadata(key, location, null);
  }

  /**
   * @param customKeyStore the key's custom key store, or {@code null} (no store, or none found):
   *     while it is not CONNECTED the key shows Unavailable (and not enabled), unless it is pending
   *     deletion, as AWS shows keys of a disconnected store
   */
  static KeyMetadata toMetadata(KmsKey key, KmsLocation location, CustomKeyStore customKeyStore) {
    boolean unavailable =
        key.customKeyStoreId() != null
            && key.state() != KeyState.PENDING_DELETION
            && (customKeyStore == null || !customKeyStore.connected());
    boolean pendingDeletion = key.state() == KeyState.PENDING_DELETION;
    // ValidTo and ExpirationModel describe the material the key holds: none once it was deleted or
    // expired (the key remembers the material's id and model for a re-import, AWS shows neither).
    ImportedMaterial material = key.versions().isEmpty() ? null : key.importedMaterial();
    return new KeyMetadata(
        location.accountId(),
        key.keyId().value(),
        key.arn(),
        key.creationDate(),
        key.enabled() && !unavailable,
        key.description(),
        key.keyUsage(),
        unavailable ? KeyState.UNAVAILABLE : key.state(),
        pendingDeletion ? key.deletionDate() : null,
        material == null ? null : material.validTo(),
        key.origin(),
        key.keyManager().name(),
        key.keySpec(),
        key.keySpec(),
        orNull(key.keySpec().encryptionAlgorithms(key.keyUsage())),
        orNull(key.keySpec().signingAlgorithms(key.keyUsage())),
        orNull(key.keySpec().keyAgreementAlgorithms(key.keyUsage())),
        orNull(key.keySpec().macAlgorithms(key.keyUsage())),
        key.multiRegion() != null,
        multiRegionConfiguration(key, location),
        pendingDeletion || key.state() == KeyState.PENDING_REPLICA_DELETION
            ? key.pendingWindowInDays()
            : null,
        material == null ? null : material.expirationModel(),
        key.versions().isEmpty() ? null : key.primaryVersion().materialId(),
        key.customKeyStoreId(),
        customKeyStore == null ? null : customKeyStore.cloudHsmClusterId());
  }

  /** Every copy of a multi-Region key, by ARN and region; {@code null} for a single-Region key. */
  private static MultiRegionConfiguration multiRegionConfiguration(
      KmsKey key, KmsLocation location) {
    MultiRegion config = key.multiRegion();
    if (config == null) {
      return null;
    }
    return new MultiRegionConfiguration(
        config.type(),
        copy(key, location, config.primaryRegion()),
        config.replicaRegions().stream().map(region -> copy(key, location, region)).toList());
  }

  private static MultiRegionKey copy(KmsKey key, KmsLocation location, String region) {
    return new MultiRegionKey(location.withRegion(region).keyArn(key.keyId()), region);
  }

  /** AWS leaves out an algorithm list a key has none of. */
  private static <T> List<T> orNull(List<T> algorithms) {
    return algorithms.isEmpty() ? null : algorithms;
  }
}
