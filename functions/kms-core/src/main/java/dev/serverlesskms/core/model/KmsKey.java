package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer key: its metadata and all its versions, as one aggregate. Immutable: every change
 * makes a new {@code KmsKey} with the same {@link #revision()}, which the store checks and
 * increments on save (optimistic locking), so two concurrent changes can never both win.
 *
 * <p>The rules of a key live here. Each change is an intent ({@link #enable}, {@link
 * #scheduleDeletion}, {@link #rotateOnDemand}...) that checks AWS's key-state table ({@link
 * KeyStateRule}) and the key's other rules, and returns the changed key; operations only resolve
 * the key, apply one intent under optimistic locking, and answer.
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
 * @param keyManager who manages the key: {@link KeyManager#CUSTOMER}, or {@link KeyManager#AWS} for
 *     an AWS managed key, which no caller may change ({@link #requireCustomerManaged})
 * @param tags the tags, in the order they were first added
 * @param versions the key versions, oldest first; the last one is the primary. Empty only while an
 *     EXTERNAL key waits for its material.
 * @param rotation automatic and on-demand rotation settings
 * @param importedMaterial for EXTERNAL keys once material was imported; otherwise {@code null}
 * @param customKeyStoreId the custom key store the key lives in (origin AWS_CLOUDHSM: its versions
 *     are token objects, not material wrapped by the enclave), or {@code null}
 * @param multiRegion the multi-Region configuration of a multi-Region key ({@code mrk-} id), or
 *     {@code null} for a single-Region key
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
    KeyManager keyManager,
    List<Tag> tags,
    List<KeyVersion> versions,
    RotationSchedule rotation,
    ImportedMaterial importedMaterial,
    String customKeyStoreId,
    MultiRegion multiRegion,
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
    Objects.requireNonNull(keyManager, "keyManager");
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
    if (state == KeyState.PENDING_REPLICA_DELETION
        && (deletionDate != null
            || pendingWindowInDays == null
            || (multiRegion != null && multiRegion.type() != MultiRegionKeyType.PRIMARY))) {
      throw new IllegalArgumentException(
          "a key pending replica deletion is a multi-Region primary with a window and no date");
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
    KeyStateRule.USE.check(this);
  }

  /**
   * The guard of rotation: asymmetric, HMAC, imported and custom-key-store keys do not rotate. For
   * a spec other than SYMMETRIC_DEFAULT AWS answers with an empty message (AWS-validated for
   * RotateKeyOnDemand in LocalStack's snapshot
   * test_rotate_key_on_demand_raises_error_given_non_symmetric_key; inferred for the other rotation
   * operations).
   *
   * @throws KmsException UnsupportedOperationException
   */
  public void requireRotatable() {
    if (keySpec != KeySpec.SYMMETRIC_DEFAULT) {
      throw KmsException.of(KmsErrorType.UNSUPPORTED_OPERATION, "");
    }
    requireOrigin(Origin.AWS_KMS);
  }

  /**
   * The guard of ListKeyRotations: a symmetric key with material (imported material counts).
   *
   * @throws KmsException UnsupportedOperationException for other key specs;
   *     KMSInvalidStateException while pending import
   */
  public void requireMaterialListable() {
    if (keySpec != KeySpec.SYMMETRIC_DEFAULT) {
      throw KmsException.of(KmsErrorType.UNSUPPORTED_OPERATION, "");
    }
    KeyStateRule.LIST_MATERIAL.check(this);
  }

  /**
   * The guard of GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial.
   *
   * @throws KmsException UnsupportedOperationException unless the key's origin is EXTERNAL;
   *     KMSInvalidStateException when pending deletion
   */
  public void requireImportable() {
    requireOrigin(Origin.EXTERNAL);
    KeyStateRule.MANAGE.check(this);
  }

  /**
   * The guard of every change a caller asks for: an AWS managed key's policy, state, description,
   * tags, rotation and material are AWS's alone. In AWS the refusal comes from the key's fixed
   * policy, which allows no such action to anyone (so authorization refuses first, with AWS's
   * message naming the caller); this rule holds even where no authorization ran.
   *
   * @param operation the AWS operation, {@code DisableKey}
   * @throws KmsException AccessDeniedException for an AWS managed key
   */
  public void requireCustomerManaged(String operation) {
    if (keyManager == KeyManager.AWS) {
      throw KmsException.of(
          KmsErrorType.ACCESS_DENIED,
          arn + " is an AWS managed key: kms:" + operation + " is not allowed on it.");
    }
  }

  private void requireOrigin(Origin required) {
    if (origin != required) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          arn + " origin is " + origin + " which is not valid for this operation.");
    }
  }

  // --- intents: each checks the key's rules and returns the changed key, or this same instance
  // when nothing changes (so nothing is written). They are pure functions of the key and their
  // arguments: a writer that loses a race re-runs them on the fresh key. ---

  /** EnableKey. */
  public KmsKey enable() {
    requireCustomerManaged("EnableKey");
    return withState(KeyState.ENABLED);
  }

  /** DisableKey. */
  public KmsKey disable() {
    requireCustomerManaged("DisableKey");
    return withState(KeyState.DISABLED);
  }

  private KmsKey withState(KeyState target) {
    KeyStateRule.ENABLE_OR_DISABLE.check(this);
    return state == target ? this : toBuilder().state(target).build();
  }

  /** UpdateKeyDescription (the description's length is the request's to check). */
  public KmsKey updateDescription(String newDescription) {
    requireCustomerManaged("UpdateKeyDescription");
    KeyStateRule.MANAGE.check(this);
    return description.equals(newDescription)
        ? this
        : toBuilder().description(newDescription).build();
  }

  /**
   * TagResource: adds or overwrites tags, keeping first-added order.
   *
   * @throws KmsException TagException past 50 tags
   */
  public KmsKey tag(List<Tag> added) {
    requireCustomerManaged("TagResource");
    KeyStateRule.MANAGE.check(this);
    List<Tag> merged = Tags.merge(tags, added);
    return merged.equals(tags) ? this : toBuilder().tags(merged).build();
  }

  /** UntagResource: removes the tags with these keys; unknown keys are ignored, as in AWS. */
  public KmsKey untag(Collection<String> tagKeys) {
    requireCustomerManaged("UntagResource");
    KeyStateRule.MANAGE.check(this);
    List<Tag> kept = Tags.without(tags, tagKeys);
    return kept.size() == tags.size() ? this : toBuilder().tags(kept).build();
  }

  /**
   * ScheduleKeyDeletion: the first of deletion's two steps; the lifecycle job deletes the key once
   * {@code now + pendingWindowInDays} has come. A multi-Region primary that has replicas waits for
   * them instead ({@link KeyState#PENDING_REPLICA_DELETION}, no deletion date), as AWS does.
   *
   * @param pendingWindowInDays 7..30, checked by the request
   */
  public KmsKey scheduleDeletion(Instant now, int pendingWindowInDays) {
    requireCustomerManaged("ScheduleKeyDeletion");
    KeyStateRule.MANAGE.check(this);
    if (multiRegion != null
        && multiRegion.type() == MultiRegionKeyType.PRIMARY
        && !multiRegion.replicaRegions().isEmpty()) {
      // A primary outlives its replicas: its window starts when the last one is deleted.
      return toBuilder()
          .state(KeyState.PENDING_REPLICA_DELETION)
          .deletionDate(null)
          .pendingWindowInDays(pendingWindowInDays)
          .build();
    }
    return toBuilder()
        .state(KeyState.PENDING_DELETION)
        .deletionDate(now.plus(Duration.ofDays(pendingWindowInDays)))
        .pendingWindowInDays(pendingWindowInDays)
        .build();
  }

  /**
   * CancelKeyDeletion: the key comes back Disabled, or, if its imported material is gone, pending
   * import (it waits for the material again).
   */
  public KmsKey cancelDeletion() {
    requireCustomerManaged("CancelKeyDeletion");
    KeyStateRule.CANCEL_DELETION.check(this);
    return toBuilder()
        .state(versions.isEmpty() ? KeyState.PENDING_IMPORT : KeyState.DISABLED)
        .deletionDate(null)
        .pendingWindowInDays(null)
        .build();
  }

  /**
   * PutKeyPolicy: the key's policy becomes {@code newPolicy}, in every key state (AWS's key-state
   * table). The request checks the policy (size, grammar, the lockout safety check); this intent
   * holds the key's own rules.
   *
   * @param newPolicy the new key policy document, already validated
   */
  public KmsKey replacePolicy(String newPolicy) {
    Objects.requireNonNull(newPolicy, "newPolicy");
    requireCustomerManaged("PutKeyPolicy");
    KeyStateRule.ANY.check(this);
    return policy.equals(newPolicy) ? this : toBuilder().policy(newPolicy).build();
  }

  /** Whether the lifecycle job deletes this key at {@code now}. */
  public boolean deletionDue(Instant now) {
    return state == KeyState.PENDING_DELETION && !deletionDate.isAfter(now);
  }

  /**
   * EnableKeyRotation: the next automatic rotation is one period after now, or, when rotation was
   * already on (a period change), one new period after the current version was made (never in the
   * past).
   *
   * @param periodInDays 90..2560, checked by the request
   */
  public KmsKey enableRotation(int periodInDays, Instant now) {
    requireCustomerManaged("EnableKeyRotation");
    requireRotatable();
    requireRotationManagedHere();
    KeyStateRule.USE.check(this);
    Instant next =
        rotation.enabled()
            ? latest(primaryVersion().createdAt().plus(Duration.ofDays(periodInDays)), now)
            : now.plus(Duration.ofDays(periodInDays));
    RotationSchedule changed = rotation.withAutomatic(true, periodInDays, next);
    return changed.equals(rotation) ? this : toBuilder().rotation(changed).build();
  }

  /** DisableKeyRotation: the period is kept, so re-enabling shows it. */
  public KmsKey disableRotation() {
    requireCustomerManaged("DisableKeyRotation");
    requireRotatable();
    requireRotationManagedHere();
    KeyStateRule.USE.check(this);
    return rotation.enabled() ? toBuilder().rotation(rotation.withoutAutomatic()).build() : this;
  }

  /**
   * RotateKeyOnDemand: a new primary version, made by {@code newMaterial} once the rules allow it.
   *
   * @throws KmsException LimitExceededException after 25 on-demand rotations; ConflictException
   *     when an automatic rotation is due within 20 minutes
   */
  public KmsKey rotateOnDemand(
      Instant now, Function<KeyVersionRef, ? extends VersionMaterial> newMaterial) {
    requireCustomerManaged("RotateKeyOnDemand");
    requireRotatable();
    requireRotationManagedHere();
    KeyStateRule.USE.check(this);
    if (rotation.onDemandRotations() >= RotationSchedule.MAX_ON_DEMAND_ROTATIONS) {
      throw KmsException.of(
          KmsErrorType.LIMIT_EXCEEDED,
          "The on-demand rotations limit has been reached for the given keyId. No more on-demand"
              + " rotations can be performed for this key: "
              + arn);
    }
    if (rotation.automaticRotationImminent(now)) {
      throw KmsException.of(
          KmsErrorType.CONFLICT,
          arn
              + " has an automatic rotation in progress or scheduled within 20 minutes. Try again"
              + " later.");
    }
    return withNewVersion(newMaterial, now, RotationType.ON_DEMAND).toBuilder()
        .rotation(rotation.afterOnDemandRotation(now))
        .build();
  }

  /**
   * The lifecycle job's automatic rotation: a new primary version if the key is enabled and its
   * rotation is due at {@code now}, else this key unchanged. Only symmetric keys rotate: the
   * EnableKeyRotation guard keeps rotation off for every other spec, and this check holds even for
   * a key stored with rotation on by other means (an asymmetric key's new version would change its
   * public key under its users). A multi-Region replica never rotates by itself: its primary's
   * rotation brings it the new version ({@link #syncedWith}).
   */
  public KmsKey rotateIfDue(
      Instant now, Function<KeyVersionRef, ? extends VersionMaterial> newMaterial) {
    if (keySpec != KeySpec.SYMMETRIC_DEFAULT
        || state != KeyState.ENABLED
        || multiRegionReplica()
        || !rotation.automaticRotationDue(now)) {
      return this;
    }
    return withNewVersion(newMaterial, now, RotationType.AUTOMATIC).toBuilder()
        .rotation(rotation.afterAutomaticRotation(now))
        .build();
  }

  /**
   * ImportKeyMaterial. A key holds one imported material for life: a re-import (after deletion or
   * expiry, or to change the expiration) must bring the same material. Material is imported as
   * version 1, so ciphertexts made before its deletion decrypt again after re-import. A key pending
   * import becomes enabled.
   *
   * @param unwrap unwraps the customer's material inside the enclave, for version 1; called once
   *     the rules allow the import
   * @param validTo when the material expires, for {@link ExpirationModel#KEY_MATERIAL_EXPIRES}
   * @throws KmsException IncorrectKeyMaterialException if the material differs from the first
   */
  public KmsKey importMaterial(
      Instant now,
      ExpirationModel expirationModel,
      Instant validTo,
      Function<KeyVersionRef, ? extends VersionMaterial> unwrap) {
    requireCustomerManaged("ImportKeyMaterial");
    requireImportable();
    VersionMaterial material = unwrap.apply(new KeyVersionRef(keyId, 1));
    if (importedMaterial != null && !importedMaterial.materialId().equals(material.materialId())) {
      throw KmsException.of(
          KmsErrorType.INCORRECT_KEY_MATERIAL,
          "The key material is different from the key material that was previously imported into"
              + " this KMS key.");
    }
    Builder changed =
        toBuilder()
            .importedMaterial(
                new ImportedMaterial(material.materialId(), expirationModel, validTo));
    if (versions.isEmpty()) {
      changed.versions(withNewVersion(ref -> material, now, null).versions);
      if (state == KeyState.PENDING_IMPORT) {
        changed.state(KeyState.ENABLED);
      }
    }
    return changed.build();
  }

  /**
   * DeleteImportedKeyMaterial: the versions go and the key waits for a re-import (a key pending
   * deletion stays pending deletion); the material id stays, so a re-import can be checked to bring
   * the same material. A key without material is left unchanged.
   *
   * @param keyMaterialId the material to delete, or {@code null} for the current one
   * @throws KmsException NotFoundException if {@code keyMaterialId} is not this key's material
   */
  public KmsKey deleteImportedMaterial(String keyMaterialId) {
    requireCustomerManaged("DeleteImportedKeyMaterial");
    requireImportable();
    if (keyMaterialId != null
        && (importedMaterial == null || !importedMaterial.materialId().equals(keyMaterialId))) {
      throw KmsException.of(
          KmsErrorType.NOT_FOUND,
          "Key material " + Validation.echo(keyMaterialId) + " does not exist for " + arn);
    }
    return versions.isEmpty() ? this : withoutImportedMaterial();
  }

  /**
   * This key as it is at {@code now}, which is how every request sees a key read from the store:
   * once its imported material's ValidTo has come, the material is gone and the key waits for a
   * re-import, as {@link #expireImportedMaterial} makes it, even if the lifecycle job has not yet
   * made that durable (it runs every few minutes). So expired material is never used, and
   * DescribeKey shows the key pending import from its ValidTo on, as AWS does.
   *
   * @return this same instance while nothing has expired
   */
  public KmsKey asOf(Instant now) {
    return expireImportedMaterial(now);
  }

  /**
   * The lifecycle job's expiry of imported material: the material is removed once its ValidTo has
   * come, else this key unchanged.
   */
  public KmsKey expireImportedMaterial(Instant now) {
    return importedMaterialExpires() && !importedMaterial.validTo().isAfter(now)
        ? withoutImportedMaterial()
        : this;
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
    } else if (rotation.enabled() && state == KeyState.ENABLED && !multiRegionReplica()) {
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

  // --- multi-Region keys. A multi-Region key is one copy per region under one mrk- id. Shared
  // properties (spec, usage, origin, versions, rotation) change only through the primary and are
  // copied to the replicas; everything else (description, policy, tags, state, deletion) is each
  // copy's own. ---

  /** Whether this is a replica of a multi-Region key. */
  public boolean multiRegionReplica() {
    return multiRegion != null && multiRegion.type() == MultiRegionKeyType.REPLICA;
  }

  /** Whether this is the primary of a multi-Region key. */
  public boolean multiRegionPrimary() {
    return multiRegion != null && multiRegion.type() == MultiRegionKeyType.PRIMARY;
  }

  /** The region this copy of the key is in: its ARN's. */
  public String region() {
    return arn.split(":", 6)[3];
  }

  /**
   * ReplicateKey's change to the primary: one more replica region. Only an enabled primary can be
   * replicated (AWS's key-state table: DisabledException, KMSInvalidStateException while pending
   * deletion, pending replica deletion or pending import), and only into a region without a copy.
   *
   * @throws KmsException UnsupportedOperationException ({@code <arn> is not a multi-region primary
   *     key.}, AWS's); AlreadyExistsException when {@code region} holds a copy (the primary itself
   *     or a replica; message inferred)
   */
  public KmsKey addReplica(String region, String replicaArn) {
    requireMultiRegionPrimary();
    KeyStateRule.USE.check(this);
    if (multiRegion.hasCopyIn(region)) {
      throw KmsException.of(KmsErrorType.ALREADY_EXISTS, replicaArn + " already exists.");
    }
    return toBuilder().multiRegion(multiRegion.withReplica(region)).build();
  }

  /**
   * The new replica ReplicateKey makes of this primary (as {@link #addReplica} returned it): the
   * same id, spec, usage, origin, versions (the same wrapped material: the enclave binds key id and
   * version, not the region) and rotation settings; its own ARN, creation date, description, policy
   * and tags. A replica of an EXTERNAL key starts pending import and must be given the primary's
   * material: it remembers the primary's material id, which {@link #importMaterial} checks.
   */
  public KmsKey replicaIn(
      String region,
      String replicaArn,
      Instant now,
      String replicaDescription,
      String replicaPolicy,
      List<Tag> replicaTags) {
    requireMultiRegionPrimary();
    boolean external = origin == Origin.EXTERNAL;
    return toBuilder()
        .arn(replicaArn)
        .creationDate(now)
        .description(replicaDescription)
        .policy(replicaPolicy)
        .tags(replicaTags)
        .state(external ? KeyState.PENDING_IMPORT : KeyState.ENABLED)
        .deletionDate(null)
        .pendingWindowInDays(null)
        .versions(external ? List.of() : versions)
        .importedMaterial(
            external && importedMaterial != null
                ? new ImportedMaterial(
                    importedMaterial.materialId(), importedMaterial.expirationModel(), null)
                : null)
        .multiRegion(multiRegion.seenFrom(region))
        .revision(0)
        .build();
  }

  /**
   * This replica brought up to its primary: the shared properties (the versions, unless the
   * material is imported, which every copy imports itself; the rotation settings) and the
   * multi-Region configuration.
   *
   * @return this same instance when nothing differs (versions are only ever added, so equal counts
   *     mean equal versions)
   */
  public KmsKey syncedWith(KmsKey primary) {
    MultiRegion config = primary.multiRegion.seenFrom(region());
    boolean copyVersions = origin != Origin.EXTERNAL;
    if (rotation.equals(primary.rotation)
        && config.equals(multiRegion)
        && (!copyVersions || versions.size() == primary.versions.size())) {
      return this;
    }
    Builder synced = toBuilder().rotation(primary.rotation).multiRegion(config);
    if (copyVersions) {
      synced.versions(primary.versions);
    }
    return synced.build();
  }

  /**
   * The replica in {@code region} was deleted: this copy forgets it. A primary pending replica
   * deletion whose last replica it was becomes pending deletion, its window starting {@code now}.
   */
  public KmsKey withoutReplica(String region, Instant now) {
    if (multiRegion == null || !multiRegion.replicaRegions().contains(region)) {
      return this;
    }
    MultiRegion config = multiRegion.withoutReplica(region);
    Builder changed = toBuilder().multiRegion(config);
    if (state == KeyState.PENDING_REPLICA_DELETION && config.replicaRegions().isEmpty()) {
      changed
          .state(KeyState.PENDING_DELETION)
          .deletionDate(now.plus(Duration.ofDays(pendingWindowInDays)));
    }
    return changed.build();
  }

  /**
   * UpdatePrimaryRegion, on the current primary: it becomes a replica, and the replica in {@code
   * newPrimaryRegion} the primary ({@link #withConfiguration} for the other copies). Only an
   * enabled primary (AWS's key-state table, as for ReplicateKey).
   *
   * @throws KmsException UnsupportedOperationException unless a multi-Region primary (message as
   *     ReplicateKey's, inferred here) or when {@code newPrimaryRegion} is its own region
   *     (inferred); NotFoundException when no replica is there (AWS's wording for a key that does
   *     not exist)
   */
  public KmsKey movePrimaryTo(String newPrimaryRegion, String replicaArn) {
    requireMultiRegionPrimary();
    KeyStateRule.USE.check(this);
    if (multiRegion.primaryRegion().equals(newPrimaryRegion)) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          arn + " is already the primary key in " + newPrimaryRegion + ".");
    }
    if (!multiRegion.replicaRegions().contains(newPrimaryRegion)) {
      throw KmsException.of(KmsErrorType.NOT_FOUND, "Key '" + replicaArn + "' does not exist");
    }
    return withConfiguration(multiRegion.withPrimaryIn(newPrimaryRegion));
  }

  /** This copy with a multi-Region configuration the operations agreed on, seen from its region. */
  public KmsKey withConfiguration(MultiRegion configuration) {
    MultiRegion seen = configuration.seenFrom(region());
    return seen.equals(multiRegion) ? this : toBuilder().multiRegion(seen).build();
  }

  /**
   * The guard of the rotation changes (EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand): a
   * multi-Region key's rotation is one shared property, set and made on its primary and copied to
   * the replicas. AWS refuses them on a replica with UnsupportedOperationException; the message is
   * inferred.
   */
  private void requireRotationManagedHere() {
    if (multiRegionReplica()) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION,
          arn
              + " is a multi-Region replica key. Its rotation is managed on its primary key in "
              + multiRegion.primaryRegion()
              + ".");
    }
  }

  private void requireMultiRegionPrimary() {
    if (!multiRegionPrimary()) {
      throw KmsException.of(
          KmsErrorType.UNSUPPORTED_OPERATION, arn + " is not a multi-region primary key.");
    }
  }

  /** A copy with one more version, made primary; its material is made last. */
  private KmsKey withNewVersion(
      Function<KeyVersionRef, ? extends VersionMaterial> newMaterial,
      Instant at,
      RotationType rotationType) {
    int number = versions.size() + 1;
    VersionMaterial material = newMaterial.apply(new KeyVersionRef(keyId, number));
    List<KeyVersion> next = new ArrayList<>(versions);
    next.add(
        new KeyVersion(
            number,
            material.materialId(),
            material.material(),
            at,
            versions.isEmpty() ? null : rotationType));
    return toBuilder().versions(next).build();
  }

  /**
   * Removes the imported material, on DeleteImportedKeyMaterial or when it expires: no versions
   * left, the key waits for a re-import (a key pending deletion stays pending deletion). The
   * material id is kept so that a re-import can be checked to bring the same material.
   */
  private KmsKey withoutImportedMaterial() {
    ImportedMaterial kept =
        importedMaterial == null
            ? null
            : new ImportedMaterial(
                importedMaterial.materialId(), importedMaterial.expirationModel(), null);
    return toBuilder()
        .versions(List.of())
        .importedMaterial(kept)
        .state(
            state == KeyState.PENDING_DELETION || state == KeyState.PENDING_REPLICA_DELETION
                ? state
                : KeyState.PENDING_IMPORT)
        .build();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
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
    private KeyManager keyManager = KeyManager.CUSTOMER;
    private List<Tag> tags = List.of();
    private List<KeyVersion> versions = List.of();
    private RotationSchedule rotation = RotationSchedule.disabled();
    private ImportedMaterial importedMaterial;
    private String customKeyStoreId;
    private MultiRegion multiRegion;
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
      keyManager = k.keyManager;
      tags = k.tags;
      versions = k.versions;
      rotation = k.rotation;
      importedMaterial = k.importedMaterial;
      customKeyStoreId = k.customKeyStoreId;
      multiRegion = k.multiRegion;
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

    public Builder keyManager(KeyManager v) {
      keyManager = v;
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

    public Builder customKeyStoreId(String v) {
      customKeyStoreId = v;
      return this;
    }

    public Builder multiRegion(MultiRegion v) {
      multiRegion = v;
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
          keyManager,
          tags,
          versions,
          rotation,
          importedMaterial,
          customKeyStoreId,
          multiRegion,
          revision);
    }
  }
}
