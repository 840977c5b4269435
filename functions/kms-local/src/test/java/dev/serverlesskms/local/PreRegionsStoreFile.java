package dev.serverlesskms.local;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
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
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.KeyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A store file written before regions existed (issue 12): {@code src/test/resources/pre-regions/
 * keys.mv.db.gz} (the file as written, gzipped: MVStore leaves most of a small file empty), and
 * what it holds, built only from fixed values so that a test can compare what a later release reads
 * from it with what was written.
 *
 * <p>The file was written by {@link #main} run against the release before regions (commit 928bd28,
 * whose {@code MvStoreKeyStore} had one set of maps and no counters), with this class compiled
 * against it. Never regenerate it with a later release: its whole point is that an older release
 * wrote it.
 *
 * <p>What it holds: a custom key store; five keys (a rotating customer key updated once, an AWS
 * managed key, a key in the custom key store, a key pending deletion, an EXTERNAL key waiting for
 * its material); a sixth key deleted with its alias and grant; aliases (one retargeted); grants
 * (one with constraints, one to a service, one deleted); and the audit records not yet delivered.
 */
final class PreRegionsStoreFile {
  static final String RESOURCE = "/pre-regions/keys.mv.db.gz";

  static final Instant T = Instant.parse("2026-05-01T08:00:00.123456789Z");
  static final String ACCOUNT = "111122223333";
  static final String CUSTOM_KEY_STORE_ID = "cks-0123456789abcdef0";
  static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  static final String BOB = "arn:aws:iam::111122223333:user/bob";
  static final String RETIRER = "arn:aws:iam::111122223333:role/retirer";

  private PreRegionsStoreFile() {}

  /**
   * Writes the file (run against the release before regions):
   *
   * <pre>
   * java -cp target/classes:target/test-classes:&lt;the test classpath&gt; \
   *   dev.serverlesskms.local.PreRegionsStoreFile keys.mv.db &amp;&amp; gzip -9 -n keys.mv.db
   * </pre>
   */
  public static void main(String[] args) {
    try (MvStoreKeyStore store = MvStoreKeyStore.open(Path.of(args[0]))) {
      write(store);
    }
  }

  static void write(KeyStore store) {
    store.createCustomKeyStore(customKeyStore(), record(1, "CreateCustomKeyStore"));
    KmsKey rotating = store.create(rotatingAsCreated(), record(2, "CreateKey"));
    store.update(
        rotating.toBuilder().description(rotating().description()).build(),
        record(3, "UpdateKeyDescription"));
    store.create(awsManaged(), record(4, "CreateKey"));
    store.create(inCustomKeyStore(), record(5, "CreateKey"));
    store.create(pendingDeletion(), record(6, "CreateKey"));
    store.create(pendingImport(), record(7, "CreateKey"));
    KmsKey doomed = store.create(key(6).build(), record(8, "CreateKey"));
    store.createAlias(new Alias("alias/app", id(1), T, T), record(9, "CreateAlias"));
    store.createAlias(new Alias("alias/app-2", id(1), T, T), record(10, "CreateAlias"));
    store.createAlias(new Alias("alias/moved", id(2), T, T), record(11, "CreateAlias"));
    store.updateAlias(movedAlias(), record(12, "UpdateAlias"));
    store.createAlias(new Alias("alias/doomed", id(6), T, T), record(13, "CreateAlias"));
    int n = 14;
    for (Grant grant : grants()) {
      store.createGrant(grant, record(n++, "CreateGrant"));
    }
    Grant retired = grant(30, id(1), BOB, null);
    store.createGrant(retired, record(n++, "CreateGrant"));
    store.createGrant(grant(31, id(6), ALICE, RETIRER), record(n++, "CreateGrant"));
    store.deleteGrant(id(1), retired.grantId(), record(n++, "RetireGrant"));
    store.delete(doomed.keyId(), doomed.revision(), record(n++, "DeleteKey"));
    for (int delivered = 1; delivered <= 4; delivered++) {
      store.removeRecord(record(delivered, "delivered").id());
    }
  }

  // ---------------------------------------------------------------- what the file holds

  /** The keys in the file as stored, by key id. */
  static List<KmsKey> keys() {
    return List.of(
        rotating().toBuilder().revision(2).build(),
        awsManaged().toBuilder().revision(1).build(),
        inCustomKeyStore().toBuilder().revision(1).build(),
        pendingDeletion().toBuilder().revision(1).build(),
        pendingImport().toBuilder().revision(1).build());
  }

  /** The aliases in the file, by name. */
  static List<Alias> aliases() {
    return List.of(
        new Alias("alias/app", id(1), T, T), new Alias("alias/app-2", id(1), T, T), movedAlias());
  }

  /** The grants in the file. */
  static List<Grant> grants() {
    return List.of(
        grant(20, id(1), ALICE, RETIRER),
        new Grant(
            grantId(21),
            id(1),
            "named-grant",
            null,
            "logs.us-east-1.amazonaws.com",
            null,
            "delivery.logs.amazonaws.com",
            List.of(GrantOperation.Encrypt, GrantOperation.GenerateDataKey),
            new GrantConstraints(Map.of("Department", "IT ✓"), null, null),
            "arn:aws:iam::111122223333:root",
            T),
        grant(22, id(4), BOB, RETIRER));
  }

  /** The custom key store in the file: one key in it. */
  static CustomKeyStore storedCustomKeyStore() {
    return customKeyStore().stored(1, 1);
  }

  /** The audit records not yet delivered, oldest first. */
  static List<OutboxRecord> pendingRecords() {
    List<OutboxRecord> pending = new ArrayList<>();
    List<String> names =
        List.of(
            "CreateKey",
            "CreateKey",
            "CreateKey",
            "CreateKey",
            "CreateAlias",
            "CreateAlias",
            "CreateAlias",
            "UpdateAlias",
            "CreateAlias",
            "CreateGrant",
            "CreateGrant",
            "CreateGrant",
            "CreateGrant",
            "CreateGrant",
            "RetireGrant",
            "DeleteKey");
    for (int i = 0; i < names.size(); i++) {
      pending.add(record(5 + i, names.get(i)));
    }
    return pending;
  }

  /** The customer managed keys in the file (the AWS managed one does not count). */
  static final int CUSTOMER_KEYS = 4;

  // ---------------------------------------------------------------- fixed values

  static KeyId id(int n) {
    return new KeyId(String.format("%08d-0000-4000-8000-%012d", n, n));
  }

  private static KmsKey.Builder key(int n) {
    KeyId keyId = id(n);
    return KmsKey.builder()
        .keyId(keyId)
        .arn("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + keyId.value())
        .creationDate(T.plusSeconds(n))
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
        .versions(List.of(version(n, 1, null)));
  }

  private static KeyVersion version(int key, int number, RotationType rotationType) {
    byte[] material = new byte[48];
    Arrays.fill(material, (byte) (key * 16 + number));
    return new KeyVersion(
        number,
        HexFormat.of().formatHex(Arrays.copyOf(material, 32)),
        new WrappedKey(material),
        T.plus(Duration.ofDays(number - 1L)),
        rotationType);
  }

  private static KmsKey rotatingAsCreated() {
    return key(1)
        .description("first")
        .tags(List.of(new Tag("team", "payments"), new Tag("naïve", "✓ \"quoted\"")))
        .versions(List.of(version(1, 1, null), version(1, 2, RotationType.ON_DEMAND)))
        .rotation(new RotationSchedule(true, 90, T.plus(Duration.ofDays(90)), T, 1))
        .build();
  }

  private static KmsKey rotating() {
    return rotatingAsCreated().toBuilder().description("updated: payments key").build();
  }

  private static KmsKey awsManaged() {
    return key(2)
        .keyManager(KeyManager.AWS)
        .description("Default key that protects my data when no other key is defined")
        .rotation(new RotationSchedule(true, 365, T.plus(Duration.ofDays(365)), null, 0))
        .build();
  }

  private static KmsKey inCustomKeyStore() {
    return key(3).origin(Origin.AWS_CLOUDHSM).customKeyStoreId(CUSTOM_KEY_STORE_ID).build();
  }

  private static KmsKey pendingDeletion() {
    return key(4)
        .keySpec(KeySpec.HMAC_256)
        .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
        .state(KeyState.PENDING_DELETION)
        .deletionDate(T.plus(Duration.ofDays(7)))
        .pendingWindowInDays(7)
        .build();
  }

  private static KmsKey pendingImport() {
    return key(5)
        .origin(Origin.EXTERNAL)
        .state(KeyState.PENDING_IMPORT)
        .versions(List.of())
        .build();
  }

  private static Alias movedAlias() {
    return new Alias("alias/moved", id(4), T, T.plusSeconds(60));
  }

  private static CustomKeyStore customKeyStore() {
    return CustomKeyStore.create(
        CUSTOM_KEY_STORE_ID,
        "cluster-store",
        "cluster-1234567abcd",
        "-----BEGIN CERTIFICATE-----",
        new SealedPassword(new byte[] {9, 8, 7}),
        T);
  }

  private static String grantId(int n) {
    return String.format("%064x", n);
  }

  private static Grant grant(int n, KeyId keyId, String grantee, String retiree) {
    return new Grant(
        grantId(n),
        keyId,
        null,
        grantee,
        null,
        retiree,
        null,
        List.of(GrantOperation.Encrypt, GrantOperation.Decrypt),
        null,
        "arn:aws:iam::111122223333:root",
        T);
  }

  private static String eventId(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }

  private static OutboxRecord record(int n, String eventName) {
    return OutboxRecord.of(
        new AuditEvent(
            "1.08",
            T.plusMillis(n),
            eventName,
            "kms.amazonaws.com",
            "us-east-1",
            eventId(n),
            "request-" + n,
            new AuditEvent.UserIdentity(
                "Root", ACCOUNT, "arn:aws:iam::111122223333:root", ACCOUNT, "test", null),
            "127.0.0.1",
            "pre-regions fixture",
            Map.of("n", n),
            null,
            null,
            null,
            List.of(),
            false,
            "AwsApiCall",
            ACCOUNT));
  }
}
