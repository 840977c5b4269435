package dev.serverlesskms.testkit;

import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.ImportedMaterial;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappedKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test data for keys and aliases. Wrapped material is random bytes: stores never interpret it, and
 * random bytes catch a store that mixes up the versions of two keys.
 *
 * <p>Instants carry nanoseconds on purpose, so a store that truncates them fails the round trip.
 */
public final class KeyFixtures {
  public static final KmsLocation LOCATION = KmsLocation.of("eu-west-1", "111122223333");
  public static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456789Z");
  public static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\","
          + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
          + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  private KeyFixtures() {}

  /**
   * An enabled symmetric key with one version and automatic rotation off, not yet stored (revision
   * 0).
   */
  public static KmsKey.Builder enabledKey() {
    KeyId keyId = KeyId.random();
    return KmsKey.builder()
        .keyId(keyId)
        .arn(LOCATION.keyArn(keyId))
        .creationDate(CREATED)
        .policy(POLICY)
        .versions(List.of(version(1, CREATED)));
  }

  /**
   * A key with every field set: three versions (automatic and on-demand rotations), tags, rotation
   * settings, imported material, and a pending deletion.
   */
  public static KmsKey fullKey() {
    Instant rotated = CREATED.plus(Duration.ofDays(180));
    return enabledKey()
        .description("payments \"primary\" key, naïve ✓")
        .origin(Origin.EXTERNAL)
        .state(KeyState.PENDING_DELETION)
        .deletionDate(CREATED.plus(Duration.ofDays(400)))
        .pendingWindowInDays(7)
        .tags(
            List.of(
                new Tag("team", "payments"), new Tag("cost-center", ""), new Tag("env", "prod")))
        .versions(
            List.of(
                version(1, CREATED),
                version(2, rotated, RotationType.AUTOMATIC),
                version(3, rotated.plusSeconds(60), RotationType.ON_DEMAND)))
        .rotation(
            new RotationSchedule(
                true, 180, CREATED.plus(Duration.ofDays(360)), rotated.plusSeconds(59), 1))
        .importedMaterial(
            new ImportedMaterial(
                materialId(),
                ExpirationModel.KEY_MATERIAL_EXPIRES,
                CREATED.plus(Duration.ofDays(500))))
        .build();
  }

  /** An EXTERNAL key still waiting for its material: no versions, nothing optional set. */
  public static KmsKey pendingImportKey() {
    return enabledKey()
        .origin(Origin.EXTERNAL)
        .state(KeyState.PENDING_IMPORT)
        .versions(List.of())
        .build();
  }

  /** An enabled key whose automatic rotation is due at {@code nextRotation}. */
  public static KmsKey keyRotatingAt(Instant nextRotation) {
    return enabledKey()
        .rotation(
            new RotationSchedule(true, RotationSchedule.DEFAULT_PERIOD_DAYS, nextRotation, null, 0))
        .build();
  }

  /** A key pending deletion on {@code deletionDate}. */
  public static KmsKey keyDeletedAt(Instant deletionDate) {
    return enabledKey()
        .state(KeyState.PENDING_DELETION)
        .deletionDate(deletionDate)
        .pendingWindowInDays(30)
        .build();
  }

  /** An EXTERNAL key whose imported material expires at {@code validTo}. */
  public static KmsKey keyExpiringAt(Instant validTo) {
    return enabledKey()
        .origin(Origin.EXTERNAL)
        .importedMaterial(
            new ImportedMaterial(materialId(), ExpirationModel.KEY_MATERIAL_EXPIRES, validTo))
        .build();
  }

  /** The key with one more version appended (as a rotation does), created at {@code at}. */
  public static KmsKey withNewVersion(KmsKey key, Instant at) {
    List<KeyVersion> versions = new ArrayList<>(key.versions());
    versions.add(version(versions.size() + 1, at, RotationType.ON_DEMAND));
    return key.toBuilder().versions(versions).build();
  }

  public static KeyVersion version(int number, Instant createdAt) {
    return version(number, createdAt, null);
  }

  public static KeyVersion version(int number, Instant createdAt, RotationType rotationType) {
    return new KeyVersion(number, materialId(), wrappedKey(), createdAt, rotationType);
  }

  /** Random bytes of the length a real wrapped AES-256 version has (IV, 32 bytes, tag). */
  public static WrappedKey wrappedKey() {
    return new WrappedKey(randomBytes(12 + 32 + 16));
  }

  /** A random KeyMaterialId: 64 hex characters. */
  public static String materialId() {
    return HexFormat.of().formatHex(randomBytes(32));
  }

  public static Alias alias(String aliasName, KeyId target) {
    return new Alias(aliasName, target, CREATED, CREATED);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
