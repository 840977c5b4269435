package dev.serverlesskms.local;

import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappedKey;
import java.time.Instant;
import java.util.List;

/**
 * The persisted form of a {@link KmsKey} (record format 2), written as JSON by {@link RecordJson}.
 * Format 2 is format 1 ({@link KeyRecordV1}, still read) plus {@code keyManager}.
 *
 * <p>It is a separate, explicit type so that what lies on disk is frozen: renaming a model
 * component or reordering an enum cannot silently change or break stored keys. Enums are stored by
 * their wire names ({@link KeyState#wireName()}, the other enums' {@code name()}), never by
 * ordinal; instants as ISO-8601 strings with full precision; wrapped key material as base64.
 *
 * @param format the record format, {@link #FORMAT}
 * @param revision the store's revision of this record
 * @param dueIndexEntry the due-index entry written together with this record, or {@code null}. Kept
 *     so that a change removes exactly the entry that was written, even if the rules behind {@link
 *     KmsKey#dueAt()} change between releases.
 */
record KeyRecord(
    int format,
    String keyId,
    String arn,
    String creationDate,
    String description,
    String keySpec,
    String keyUsage,
    String origin,
    String state,
    String deletionDate,
    Integer pendingWindowInDays,
    String policy,
    String keyManager,
    List<TagRecord> tags,
    List<VersionRecord> versions,
    RotationRecord rotation,
    ImportRecord importedMaterial,
    long revision,
    String dueIndexEntry) {

  static final int FORMAT = 2;

  static KeyRecord of(KmsKey key, String dueIndexEntry) {
    return new KeyRecord(
        FORMAT,
        key.keyId().value(),
        key.arn(),
        format(key.creationDate()),
        key.description(),
        key.keySpec().name(),
        key.keyUsage().name(),
        key.origin().name(),
        key.state().wireName(),
        format(key.deletionDate()),
        key.pendingWindowInDays(),
        key.policy(),
        key.keyManager().name(),
        key.tags().stream().map(t -> new TagRecord(t.tagKey(), t.tagValue())).toList(),
        key.versions().stream().map(VersionRecord::of).toList(),
        RotationRecord.of(key.rotation()),
        key.importedMaterial() == null ? null : ImportRecord.of(key.importedMaterial()),
        key.revision(),
        dueIndexEntry);
  }

  KmsKey toKey() {
    return KmsKey.builder()
        .keyId(new KeyId(keyId))
        .arn(arn)
        .creationDate(parse(creationDate))
        .description(description)
        .keySpec(KeySpec.valueOf(keySpec))
        .keyUsage(KeyUsage.valueOf(keyUsage))
        .origin(Origin.valueOf(origin))
        .state(KeyState.fromWireName(state))
        .deletionDate(parse(deletionDate))
        .pendingWindowInDays(pendingWindowInDays)
        .policy(policy)
        .keyManager(KeyManager.valueOf(keyManager))
        .tags(tags.stream().map(t -> new Tag(t.key(), t.value())).toList())
        .versions(versions.stream().map(VersionRecord::toVersion).toList())
        .rotation(rotation.toSchedule())
        .importedMaterial(importedMaterial == null ? null : importedMaterial.toImportedMaterial())
        .revision(revision)
        .build();
  }

  record TagRecord(String key, String value) {}

  record VersionRecord(
      int number, String materialId, byte[] material, String createdAt, String rotationType) {
    static VersionRecord of(KeyVersion v) {
      return new VersionRecord(
          v.number(),
          v.materialId(),
          v.material().bytes(),
          format(v.createdAt()),
          v.rotationType() == null ? null : v.rotationType().name());
    }

    KeyVersion toVersion() {
      return new KeyVersion(
          number,
          materialId,
          new WrappedKey(material),
          parse(createdAt),
          rotationType == null ? null : RotationType.valueOf(rotationType));
    }
  }

  record RotationRecord(
      boolean enabled,
      Integer periodInDays,
      String nextRotationDate,
      String onDemandRotationStartDate,
      int onDemandRotations) {
    static RotationRecord of(RotationSchedule r) {
      return new RotationRecord(
          r.enabled(),
          r.periodInDays(),
          format(r.nextRotationDate()),
          format(r.onDemandRotationStartDate()),
          r.onDemandRotations());
    }

    RotationSchedule toSchedule() {
      return new RotationSchedule(
          enabled,
          periodInDays,
          parse(nextRotationDate),
          parse(onDemandRotationStartDate),
          onDemandRotations);
    }
  }

  record ImportRecord(String materialId, String expirationModel, String validTo) {
    static ImportRecord of(ImportedMaterial m) {
      return new ImportRecord(m.materialId(), m.expirationModel().name(), format(m.validTo()));
    }

    ImportedMaterial toImportedMaterial() {
      return new ImportedMaterial(
          materialId, ExpirationModel.valueOf(expirationModel), parse(validTo));
    }
  }

  static String format(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Instant parse(String instant) {
    return instant == null ? null : Instant.parse(instant);
  }
}
