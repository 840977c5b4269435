package dev.serverlesskms.store.dynamodb;

import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Maps a {@link KmsKey} to its items (one {@link KeyItem}, one {@link VersionItem} per version) and
 * back. Also decides the index attributes: every key is in the key listing, and a key is in the due
 * index exactly while {@link KmsKey#dueAt()} is not null.
 */
final class KeyItemMapper {
  private static final String TAG_KEY = "TagKey";
  private static final String TAG_VALUE = "TagValue";

  private KeyItemMapper() {}

  static KeyItem toItem(ItemKeys keys, KmsKey key) {
    KeyItem item = new KeyItem();
    item.pk = keys.keyPartition(key.keyId());
    item.sk = ItemKeys.META;
    item.revision = key.revision();
    item.versionCount = key.versions().size();
    item.arn = key.arn();
    item.created = key.creationDate();
    item.description = key.description();
    item.keySpec = WireNames.of(key.keySpec());
    item.keyUsage = WireNames.of(key.keyUsage());
    item.origin = WireNames.of(key.origin());
    item.state = WireNames.of(key.state());
    item.deletionDate = key.deletionDate();
    item.pendingWindowDays = key.pendingWindowInDays();
    item.policy = key.policy();
    item.keyManager = WireNames.of(key.keyManager());
    item.customKeyStoreId = key.customKeyStoreId();
    item.tags = key.tags().isEmpty() ? null : key.tags().stream().map(KeyItemMapper::tag).toList();
    RotationSchedule rotation = key.rotation();
    item.rotationEnabled = rotation.enabled();
    item.rotationPeriodDays = rotation.periodInDays();
    item.nextRotation = rotation.nextRotationDate();
    item.onDemandRotationStart = rotation.onDemandRotationStartDate();
    item.onDemandRotations = rotation.onDemandRotations();
    ImportedMaterial imported = key.importedMaterial();
    if (imported != null) {
      item.importedMaterialId = imported.materialId();
      item.importExpirationModel = WireNames.of(imported.expirationModel());
      item.importValidTo = imported.validTo();
    }
    MultiRegion multiRegion = key.multiRegion();
    if (multiRegion != null) {
      item.multiRegionType = multiRegion.type().name();
      item.primaryRegion = multiRegion.primaryRegion();
      item.replicaRegions = multiRegion.replicaRegions();
    }
    item.listPk = keys.keysListing();
    item.listSk = key.keyId().value();
    Instant dueAt = key.dueAt();
    if (dueAt != null) {
      item.duePk = keys.due();
      item.dueSk = DueIndexKey.of(dueAt, key.keyId());
    }
    return item;
  }

  static VersionItem toItem(ItemKeys keys, KeyId keyId, KeyVersion version) {
    VersionItem item = new VersionItem();
    item.pk = keys.keyPartition(keyId);
    item.sk = ItemKeys.versionSortKey(version.number());
    item.number = version.number();
    item.materialId = version.materialId();
    item.material = SdkBytes.fromByteArray(version.material().bytes());
    item.created = version.createdAt();
    item.rotationType = WireNames.of(version.rotationType());
    return item;
  }

  /**
   * @param versions exactly versions 1..{@code meta.versionCount}, in order
   * @throws StoreUnavailableException if the items do not make a valid key (a damaged item)
   */
  static KmsKey toKey(KeyItem meta, List<VersionItem> versions) {
    try {
      return KmsKey.builder()
          .keyId(ItemKeys.keyIdOf(meta.pk))
          .arn(meta.arn)
          .creationDate(meta.created)
          .description(meta.description)
          .keySpec(WireNames.keySpec(meta.keySpec))
          .keyUsage(WireNames.keyUsage(meta.keyUsage))
          .origin(WireNames.origin(meta.origin))
          .state(WireNames.keyState(meta.state))
          .deletionDate(meta.deletionDate)
          .pendingWindowInDays(meta.pendingWindowDays)
          .policy(meta.policy)
          .keyManager(WireNames.keyManager(meta.keyManager))
          .customKeyStoreId(meta.customKeyStoreId)
          .tags(meta.tags == null ? List.of() : meta.tags.stream().map(KeyItemMapper::tag).toList())
          .versions(versions.stream().map(KeyItemMapper::toVersion).toList())
          .rotation(
              new RotationSchedule(
                  Boolean.TRUE.equals(meta.rotationEnabled),
                  meta.rotationPeriodDays,
                  meta.nextRotation,
                  meta.onDemandRotationStart,
                  meta.onDemandRotations == null ? 0 : meta.onDemandRotations))
          .importedMaterial(
              meta.importedMaterialId == null
                  ? null
                  : new ImportedMaterial(
                      meta.importedMaterialId,
                      WireNames.expirationModel(meta.importExpirationModel),
                      meta.importValidTo))
          .multiRegion(
              meta.multiRegionType == null
                  ? null
                  : new MultiRegion(
                      MultiRegionKeyType.valueOf(meta.multiRegionType),
                      meta.primaryRegion,
                      meta.replicaRegions))
          .revision(meta.revision)
          .build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreUnavailableException("the stored key " + meta.pk + " is not readable", e);
    }
  }

  private static KeyVersion toVersion(VersionItem item) {
    return new KeyVersion(
        item.number,
        item.materialId,
        new WrappedKey(item.material.asByteArray()),
        item.created,
        WireNames.rotationType(item.rotationType));
  }

  private static Map<String, String> tag(Tag tag) {
    Map<String, String> map = new HashMap<>();
    map.put(TAG_KEY, tag.tagKey());
    map.put(TAG_VALUE, tag.tagValue());
    return map;
  }

  private static Tag tag(Map<String, String> map) {
    return new Tag(map.get(TAG_KEY), map.get(TAG_VALUE));
  }
}
