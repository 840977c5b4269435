package dev.serverlesskms.testkit;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.ExpirationModel;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

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

  private static final Instant RECORD_TIMES = Instant.parse("2026-06-01T00:00:00Z");
  private static final AtomicLong RECORD_SEQUENCE = new AtomicLong();

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

  /**
   * A fresh audit record to commit with a store write: a unique event id, and an event time one
   * millisecond after the previous record's, so records sort in the order the fixtures made them.
   * Its text holds characters a store must keep intact (quotes, non-ASCII, an escaped line break).
   */
  public static OutboxRecord auditRecord() {
    return auditRecord("TestWrite");
  }

  /** {@link #auditRecord()} with the given event name, to tell records apart. */
  public static OutboxRecord auditRecord(String eventName) {
    return OutboxRecord.of(
        new AuditEvent(
            "1.08",
            RECORD_TIMES.plusMillis(RECORD_SEQUENCE.incrementAndGet()),
            eventName,
            "kms.amazonaws.com",
            LOCATION.region(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            new AuditEvent.UserIdentity(
                "Root", "111122223333", LOCATION.accountRootArn(), "111122223333", "test", null),
            "127.0.0.1",
            "kms-testkit \"fixture\" naïve ✓\n",
            Map.of("keyId", "1234abcd-12ab-34cd-56ef-1234567890ab"),
            null,
            null,
            null,
            List.of(),
            false,
            "AwsApiCall",
            LOCATION.accountId()));
  }

  /**
   * A grant on {@code keyId} for {@code grantee} allowing Encrypt and Decrypt, without name,
   * retiring principal or constraints.
   */
  public static Grant grant(KeyId keyId, String grantee) {
    return grant(keyId, grantee, null);
  }

  /** {@link #grant(KeyId, String)} with a retiring principal. */
  public static Grant grant(KeyId keyId, String grantee, String retiringPrincipal) {
    return new Grant(
        Grant.newId(),
        keyId,
        null,
        grantee,
        null,
        retiringPrincipal,
        null,
        List.of(GrantOperation.Encrypt, GrantOperation.Decrypt),
        null,
        LOCATION.accountRootArn(),
        CREATED);
  }

  /** A grant with every field set: name, constraints of each kind, several operations. */
  public static Grant fullGrant(KeyId keyId) {
    return new Grant(
        Grant.newId(),
        keyId,
        "full-grant:name/1",
        "arn:aws:sts::444455556666:assumed-role/ops/deploy",
        null,
        "arn:aws:iam::111122223333:role/retirer",
        null,
        List.of(GrantOperation.GenerateDataKey, GrantOperation.Decrypt, GrantOperation.RetireGrant),
        new GrantConstraints(
            Map.of("Department", "IT", "naïve", "✓ \"quoted\""),
            Map.of("Project", "Alpha"),
            "arn:aws:s3:::bucket-111122223333"),
        LOCATION.accountRootArn(),
        CREATED);
  }

  /** A grant to a service principal, retired by another service principal. */
  public static Grant serviceGrant(KeyId keyId) {
    return new Grant(
        Grant.newId(),
        keyId,
        null,
        null,
        "logs.eu-west-1.amazonaws.com",
        null,
        "delivery.logs.amazonaws.com",
        List.of(GrantOperation.Encrypt),
        new GrantConstraints(null, null, "arn:aws:logs:eu-west-1:111122223333:log-group:g"),
        LOCATION.accountRootArn(),
        CREATED);
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
