package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer key: its metadata and all its versions, as one aggregate. Immutable: every change
 * makes a new {@code KmsKey} with the same {@link #revision()}, which the store checks and
 * increments on save (optimistic locking), so two concurrent changes can never both win.
 *
 * @param keyId the key id
 * @param arn the key ARN
 * @param creationDate when the key was created
 * @param description free text, 0..8192 characters
 * @param keySpec the key spec
 * @param keyUsage the key usage
 * @param origin where the material comes from
 * @param state the key state
 * @param deletionDate when the key will be deleted, while {@link KeyState#PENDING_DELETION}
 * @param pendingWindowInDays the deletion window, while {@link KeyState#PENDING_DELETION}
 * @param policy the key policy document (JSON)
 * @param tags the tags, in the order they were first added
 * @param versions the key versions, oldest first; the last one is the primary. Empty only while an
 *     EXTERNAL key waits for its material.
 * @param rotation automatic and on-demand rotation settings
 * @param importedMaterial for EXTERNAL keys once material was imported; otherwise {@code null}
 * @param revision the store's revision of this record (0 before the first save)
 */
public record KmsKey(
    KeyId keyId,
    String arn,
    Instant creationDate,
    String description,
    KeySpec keySpec,
    KeyUsage keyUsage,
    Origin origin,
    KeyState state,
    Instant deletionDate,
    Integer pendingWindowInDays,
    String policy,
    List<Tag> tags,
    List<KeyVersion> versions,
    RotationSchedule rotation,
    ImportedMaterial importedMaterial,
    long revision) {

  public KmsKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(keySpec, "keySpec");
    Objects.requireNonNull(keyUsage, "keyUsage");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rotation, "rotation");
    description = description == null ? "" : description;
    tags = List.copyOf(tags == null ? List.of() : tags);
    versions = List.copyOf(versions == null ? List.of() : versions);
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).number() != i + 1) {
        throw new IllegalArgumentException("key versions must be numbered 1..n in order");
      }
    }
    if (state == KeyState.PENDING_DELETION && deletionDate == null) {
      throw new IllegalArgumentException("a key pending deletion has a deletion date");
    }
  }

  public boolean enabled() {
    return state == KeyState.ENABLED;
  }

  /** The version new encryptions use. */
  public KeyVersion primaryVersion() {
    if (versions.isEmpty()) {
      throw new IllegalStateException("key " + keyId + " has no key material");
    }
    return versions.get(versions.size() - 1);
  }

  public Optional<KeyVersion> version(int number) {
    return number >= 1 && number <= versions.size()
        ? Optional.of(versions.get(number - 1))
        : Optional.empty();
  }

  /**
   * The guard every cryptographic operation passes first: AWS's key-state table for Encrypt,
   * Decrypt, ReEncrypt and GenerateDataKey*.
   *
   * @throws KmsException DisabledException when disabled; KMSInvalidStateException when pending
   *     deletion or pending import
   */
  public void requireUsableForCryptography() {
    switch (state) {
      case ENABLED -> {}
      case DISABLED -> throw KmsException.of(KmsErrorType.DISABLED, arn + " is disabled.");
      case PENDING_DELETION ->
          throw KmsException.of(KmsErrorType.INVALID_STATE, arn + " is pending deletion.");
      case PENDING_IMPORT ->
          throw KmsException.of(KmsErrorType.INVALID_STATE, arn + " is pending import.");
    }
  }

  /**
   * The guard of control-plane changes (EnableKey, DisableKey, UpdateKeyDescription, TagResource,
   * UntagResource, CreateAlias...): everything but a key pending deletion.
   */
  public void requireNotPendingDeletion() {
    if (state == KeyState.PENDING_DELETION) {
      throw KmsException.of(KmsErrorType.INVALID_STATE, arn + " is pending deletion.");
    }
  }

  /**
   * The earliest moment a scheduled job has work to do on this key (rotation, deletion or expiry of
   * imported material), or {@code null} if none. Stores index keys by this value so that the jobs
   * find due keys without scanning.
   */
  public Instant dueAt() {
    Instant due = null;
    if (state == KeyState.PENDING_DELETION) {
      due = deletionDate;
    } else if (rotation.enabled() && state == KeyState.ENABLED) {
      due = rotation.nextRotationDate();
    }
    if (importedMaterialExpires()) {
      due = earliest(due, importedMaterial.validTo());
    }
    return due;
  }

  /** Whether this key holds imported material that expires (and has not yet). */
  public boolean importedMaterialExpires() {
    return importedMaterial != null
        && importedMaterial.expirationModel() == ExpirationModel.KEY_MATERIAL_EXPIRES
        && importedMaterial.validTo() != null
        && !versions.isEmpty();
  }

  /** A copy with one more version, made primary. */
  public KmsKey withNewVersion(
      WrappedKey material, String materialId, Instant at, RotationType rotationType) {
    List<KeyVersion> next = new java.util.ArrayList<>(versions);
    next.add(
        new KeyVersion(
            versions.size() + 1,
            materialId,
            material,
            at,
            versions.isEmpty() ? null : rotationType));
    return toBuilder().versions(next).build();
  }

  /**
   * Removes the imported material, on DeleteImportedKeyMaterial or when it expires: no versions
   * left, the key waits for a re-import (a key pending deletion stays pending deletion). The
   * material id is kept so that a re-import can be checked to bring the same material.
   */
  public KmsKey withoutImportedMaterial() {
    ImportedMaterial kept =
        importedMaterial == null
            ? null
            : new ImportedMaterial(
                importedMaterial.materialId(), importedMaterial.expirationModel(), null);
    return toBuilder()
        .versions(List.of())
        .importedMaterial(kept)
        .state(
            state == KeyState.PENDING_DELETION
                ? KeyState.PENDING_DELETION
                : KeyState.PENDING_IMPORT)
        .build();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds changed copies; {@link #build()} validates. */
  public static final class Builder {
    private KeyId keyId;
    private String arn;
    private Instant creationDate;
    private String description = "";
    private KeySpec keySpec = KeySpec.SYMMETRIC_DEFAULT;
    private KeyUsage keyUsage = KeyUsage.ENCRYPT_DECRYPT;
    private Origin origin = Origin.AWS_KMS;
    private KeyState state = KeyState.ENABLED;
    private Instant deletionDate;
    private Integer pendingWindowInDays;
    private String policy;
    private List<Tag> tags = List.of();
    private List<KeyVersion> versions = List.of();
    private RotationSchedule rotation = RotationSchedule.disabled();
    private ImportedMaterial importedMaterial;
    private long revision;

    private Builder() {}

    private Builder(KmsKey k) {
      keyId = k.keyId;
      arn = k.arn;
      creationDate = k.creationDate;
      description = k.description;
      keySpec = k.keySpec;
      keyUsage = k.keyUsage;
      origin = k.origin;
      state = k.state;
      deletionDate = k.deletionDate;
      pendingWindowInDays = k.pendingWindowInDays;
      policy = k.policy;
      tags = k.tags;
      versions = k.versions;
      rotation = k.rotation;
      importedMaterial = k.importedMaterial;
      revision = k.revision;
    }

    public Builder keyId(KeyId v) {
      keyId = v;
      return this;
    }

    public Builder arn(String v) {
      arn = v;
      return this;
    }

    public Builder creationDate(Instant v) {
      creationDate = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder keySpec(KeySpec v) {
      keySpec = v;
      return this;
    }

    public Builder keyUsage(KeyUsage v) {
      keyUsage = v;
      return this;
    }

    public Builder origin(Origin v) {
      origin = v;
      return this;
    }

    public Builder state(KeyState v) {
      state = v;
      return this;
    }

    public Builder deletionDate(Instant v) {
      deletionDate = v;
      return this;
    }

    public Builder pendingWindowInDays(Integer v) {
      pendingWindowInDays = v;
      return this;
    }

    public Builder policy(String v) {
      policy = v;
      return this;
    }

    public Builder tags(List<Tag> v) {
      tags = v;
      return this;
    }

    public Builder versions(List<KeyVersion> v) {
      versions = v;
      return this;
    }

    public Builder rotation(RotationSchedule v) {
      rotation = v;
      return this;
    }

    public Builder importedMaterial(ImportedMaterial v) {
      importedMaterial = v;
      return this;
    }

    public Builder revision(long v) {
      revision = v;
      return this;
    }

    public KmsKey build() {
      return new KmsKey(
          keyId,
          arn,
          creationDate,
          description,
          keySpec,
          keyUsage,
          origin,
          state,
          deletionDate,
          pendingWindowInDays,
          policy,
          tags,
          versions,
          rotation,
          importedMaterial,
          revision);
    }
  }
}
