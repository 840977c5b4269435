package dev.serverlesskms.testkit;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static dev.serverlesskms.testkit.KeyFixtures.grant;
import static dev.serverlesskms.testkit.KeyFixtures.keyDeletedAt;
import static dev.serverlesskms.testkit.KeyFixtures.keyExpiringAt;
import static dev.serverlesskms.testkit.KeyFixtures.keyRotatingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.Alias;
import dev.serverlesskms.core.model.CustomKeyStore;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantOperation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeyManager;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.SealedPassword;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;
import dev.serverlesskms.core.port.QuotaExceededException;
import dev.serverlesskms.core.port.StoreConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guarantees of {@link KeyStore}, as one suite every implementation runs, so that the embedded
 * store and the DynamoDB store cannot drift apart (the way Vault runs one scenario against two lock
 * managers). Extend it, return a fresh empty store from {@link #newStore()}, and say whether the
 * store can count what it reads ({@link #itemsRead}).
 *
 * <p>What it checks: the full round trip of a key; create-once; optimistic concurrency on update
 * and delete, with nothing written on a conflict; delete taking the key's aliases with it; paging
 * that covers every key and alias exactly once in a stable order and rejects foreign cursors; the
 * due index ({@code findDue}) following every create, update and delete, earliest first, reading
 * only due entries; grants stored apart from their key, found by grantee scope and listed by key,
 * grantee and retiring principal without reading other grants, and deleted with their key; no lost
 * update when threads race on one key; and the outbox: every write stores the audit record it
 * carries, atomically with the change, a write that stores nothing stores no record, and records
 * never show in listings or the due index.
 *
 * <p>And since regions (issue 12): each region's keys, aliases, grants, custom key stores, due
 * index, counters and last-usage records are apart (the same key id in two regions is two keys),
 * the outbox is shared, {@code regions()} lists the default region ({@link #defaultRegion()}) and
 * each region that got a key; the quota-checked create refuses past the quota and writes nothing,
 * AWS managed keys do not count, a deletion frees a place and racing creates cannot both take the
 * last one; last-usage records are saved only if newer, change no revision, skip missing keys and
 * go with their key; a key's multi-Region configuration round-trips.
 */
public abstract class KeyStoreContract<S extends KeyStore> {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  /**
   * A store may read this many entries past the ones it returns, to learn that a range has ended.
   */
  private static final int LOOKAHEAD = 2;

  protected S store;

  /**
   * A new, empty store. Called before each test; closed afterwards if it is {@link AutoCloseable}.
   */
  protected abstract S newStore();

  /**
   * How many items (records and index entries) {@code store} has read since it was opened, or empty
   * if it cannot tell. The scale checks compare this before and after one call; with empty they are
   * skipped, so return a count whenever the store can keep one.
   */
  protected abstract OptionalLong itemsRead(S store);

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  // ---------------------------------------------------------------- listings (shared by every
  // store)

  @Test
  void limitsOutsideTheirRange_throwIllegalArgument() {
    assertThatThrownBy(() -> store.listKeys(null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listKeys(null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(KeyId.random(), null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findDue(Instant.EPOCH, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listKeys_exactlyFullLastPage_hasNoCursor() {
    for (int i = 0; i < 4; i++) {
      store.create(enabledKey().build(), auditRecord());
    }

    Page<KeyId> first = store.listKeys(null, 2);
    Page<KeyId> second = store.listKeys(first.nextCursor(), 2);

    assertThat(second.items()).hasSize(2);
    assertThat(second.truncated()).isFalse();
  }

  @Test
  void cursorOfAnotherListing_throwsIllegalArgument() {
    KmsKey one = store.create(enabledKey().build(), auditRecord());
    KmsKey two = store.create(enabledKey().build(), auditRecord());
    store.createAlias(alias("alias/a", one.keyId()), auditRecord());
    store.createAlias(alias("alias/b", one.keyId()), auditRecord());
    String keysCursor = store.listKeys(null, 1).nextCursor();
    String allAliasesCursor = store.listAliases(null, null, 1).nextCursor();
    String aliasesOfOneCursor = store.listAliases(one.keyId(), null, 1).nextCursor();

    assertThatThrownBy(() -> store.listAliases(null, keysCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listKeys(allAliasesCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(one.keyId(), allAliasesCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listAliases(two.keyId(), aliasesOfOneCursor, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.listAliases(one.keyId(), aliasesOfOneCursor, 1).items())
        .extracting(Alias::aliasName)
        .containsExactly("alias/b");
  }

  // ---------------------------------------------------------------- keys

  @Test
  void create_thenFind_roundTripsEveryField() {
    KmsKey key = KeyFixtures.fullKey();

    KmsKey stored = store.create(key, auditRecord());

    KmsKey expected = key.toBuilder().revision(1).build();
    assertThat(stored).isEqualTo(expected);
    assertThat(store.find(key.keyId())).contains(expected);
  }

  @Test
  void create_awsManagedKey_roundTripsItsManager_andUpdateKeepsIt() {
    KmsKey key = KeyFixtures.enabledKey().keyManager(KeyManager.AWS).description("managed").build();

    KmsKey stored = store.create(key, auditRecord());
    assertThat(store.find(key.keyId())).contains(key.toBuilder().revision(1).build());

    KmsKey updated =
        store.update(stored.toBuilder().description("still managed").build(), auditRecord());
    assertThat(store.find(key.keyId()).orElseThrow().keyManager()).isEqualTo(KeyManager.AWS);
    assertThat(updated.keyManager()).isEqualTo(KeyManager.AWS);
  }

  @Test
  void create_keyWithoutVersionsOrOptionalFields_roundTrips() {
    KmsKey key = KeyFixtures.pendingImportKey();

    store.create(key, auditRecord());

    assertThat(store.find(key.keyId())).contains(key.toBuilder().revision(1).build());
  }

  @Test
  void create_existingId_throwsConflict_andKeepsTheStoredKey() {
    KmsKey first = store.create(enabledKey().description("first").build(), auditRecord());

    KmsKey impostor = first.toBuilder().description("second").revision(0).build();

    assertThatThrownBy(() -> store.create(impostor, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(first.keyId())).contains(first);
  }

  @Test
  void find_unknownId_isEmpty() {
    store.create(enabledKey().build(), auditRecord());

    assertThat(store.find(KeyId.random())).isEmpty();
  }

  @Test
  void update_atStoredRevision_storesChangeAndIncrementsRevision() {
    KmsKey v1 = store.create(enabledKey().build(), auditRecord());

    KmsKey v2 =
        store.update(
            v1.toBuilder().description("second").state(KeyState.DISABLED).build(), auditRecord());
    KmsKey v3 = store.update(v2.toBuilder().description("third").build(), auditRecord());

    assertThat(v2.revision()).isEqualTo(2);
    assertThat(v3.revision()).isEqualTo(3);
    assertThat(v3.state()).isEqualTo(KeyState.DISABLED);
    assertThat(store.find(v1.keyId())).contains(v3);
  }

  @Test
  void update_addingAVersion_storesEveryVersion() {
    KmsKey v1 = store.create(KeyFixtures.fullKey(), auditRecord());

    KmsKey rotated = KeyFixtures.withNewVersion(v1, NOW);
    store.update(rotated, auditRecord());

    KmsKey found = store.find(v1.keyId()).orElseThrow();
    assertThat(found.versions()).hasSize(4).isEqualTo(rotated.versions());
    assertThat(found.primaryVersion().number()).isEqualTo(4);
  }

  @Test
  void update_staleRevision_throwsConflict_andWritesNothing() {
    KmsKey v1 = store.create(enabledKey().build(), auditRecord());
    KmsKey v2 = store.update(v1.toBuilder().description("second").build(), auditRecord());

    KmsKey staleAndDue =
        v1.toBuilder()
            .description("stale")
            .rotation(new RotationSchedule(true, 365, NOW.minus(DAY), null, 0))
            .build();

    assertThatThrownBy(() -> store.update(staleAndDue, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(v1.keyId())).contains(v2);
    assertThat(store.findDue(NOW, 10)).isEmpty();
  }

  @Test
  void update_revisionAheadOfStore_throwsConflict() {
    KmsKey v1 = store.create(enabledKey().build(), auditRecord());

    assertThatThrownBy(() -> store.update(v1.toBuilder().revision(7).build(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(v1.keyId())).contains(v1);
  }

  @Test
  void update_missingKey_throwsConflict_andCreatesNothing() {
    KmsKey neverStored = enabledKey().revision(1).build();

    assertThatThrownBy(() -> store.update(neverStored, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(neverStored.keyId())).isEmpty();
  }

  @Test
  void delete_atStoredRevision_removesKeyAndItsAliasesOnly() {
    KmsKey doomed = store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());
    KmsKey kept = store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(2))), auditRecord());
    store.createAlias(alias("alias/doomed-a", doomed.keyId()), auditRecord());
    store.createAlias(alias("alias/doomed-b", doomed.keyId()), auditRecord());
    Alias keptAlias = alias("alias/kept", kept.keyId());
    store.createAlias(keptAlias, auditRecord());

    store.delete(doomed.keyId(), doomed.revision(), auditRecord());

    assertThat(store.find(doomed.keyId())).isEmpty();
    assertThat(store.findAlias("alias/doomed-a")).isEmpty();
    assertThat(store.findAlias("alias/doomed-b")).isEmpty();
    assertThat(store.countAliases(doomed.keyId())).isZero();
    assertThat(store.listAliases(doomed.keyId(), null, 10).items()).isEmpty();
    assertThat(store.listAliases(null, null, 10).items()).containsExactly(keptAlias);
    assertThat(store.findDue(NOW, 10)).containsExactly(kept.keyId());
    assertThat(listAllKeys(10)).containsExactly(kept.keyId());
    assertThat(store.find(kept.keyId())).contains(kept);
  }

  @Test
  void delete_staleRevision_throwsConflict_andRemovesNothing() {
    KmsKey v1 = store.create(enabledKey().build(), auditRecord());
    KmsKey v2 = store.update(v1.toBuilder().description("second").build(), auditRecord());
    Alias alias = alias("alias/still-here", v1.keyId());
    store.createAlias(alias, auditRecord());

    assertThatThrownBy(() -> store.delete(v1.keyId(), v1.revision(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.find(v1.keyId())).contains(v2);
    assertThat(store.findAlias(alias.aliasName())).contains(alias);
    assertThat(store.countAliases(v1.keyId())).isEqualTo(1);
  }

  @Test
  void delete_missingKey_throwsConflict() {
    assertThatThrownBy(() -> store.delete(KeyId.random(), 1, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
  }

  // ---------------------------------------------------------------- listing keys

  @Test
  void listKeys_pages_coverEveryKeyOnceInAnOrderIndependentOfPageSize() {
    List<KeyId> created = createKeys(25);

    Page<KeyId> first = store.listKeys(null, 10);
    List<KeyId> byTen = listAllKeys(10);
    List<KeyId> bySeven = listAllKeys(7);

    assertThat(first.items()).hasSize(10);
    assertThat(first.truncated()).isTrue();
    assertThat(byTen).containsExactlyInAnyOrderElementsOf(created);
    assertThat(bySeven).isEqualTo(byTen);
    assertThat(listAllKeys(1000)).isEqualTo(byTen);
  }

  @Test
  void listKeys_keysChangingBetweenPages_listsEveryUnchangedKeyExactlyOnce() {
    List<KeyId> unchanged = new ArrayList<>(createKeys(20));
    List<KeyId> listed = new ArrayList<>();

    Page<KeyId> page = store.listKeys(null, 5);
    listed.addAll(page.items());
    KmsKey removed = store.find(unchanged.remove(unchanged.size() - 1)).orElseThrow();
    store.delete(removed.keyId(), removed.revision(), auditRecord());
    createKeys(5);
    while (page.truncated()) {
      page = store.listKeys(page.nextCursor(), 5);
      listed.addAll(page.items());
    }

    assertThat(listed).doesNotHaveDuplicates().containsAll(unchanged);
  }

  @Test
  void listKeys_emptyStore_returnsOneEmptyLastPage() {
    Page<KeyId> page = store.listKeys(null, 10);

    assertThat(page.items()).isEmpty();
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void listKeys_cursorNotIssuedByTheStore_throwsIllegalArgument() {
    createKeys(3);

    for (String bad : foreignCursors()) {
      assertThatThrownBy(() -> store.listKeys(bad, 10))
          .as("cursor %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void listKeys_onePage_readsAboutOnePageOfItems() {
    createKeys(120);

    long reads = readsDuring(() -> store.listKeys(null, 10));

    assertThat(reads).isLessThanOrEqualTo(10 + LOOKAHEAD);
  }

  // ---------------------------------------------------------------- aliases

  @Test
  void createAlias_thenFind_returnsIt() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    Alias alias =
        new Alias(
            "alias/app", key.keyId(), KeyFixtures.CREATED, KeyFixtures.CREATED.plusSeconds(1));

    store.createAlias(alias, auditRecord());

    assertThat(store.findAlias("alias/app")).contains(alias);
    assertThat(store.findAlias("alias/other")).isEmpty();
  }

  @Test
  void createAlias_existingName_throwsConflict_andKeepsItsTarget() {
    KmsKey first = store.create(enabledKey().build(), auditRecord());
    KmsKey second = store.create(enabledKey().build(), auditRecord());
    Alias original = alias("alias/app", first.keyId());
    store.createAlias(original, auditRecord());

    assertThatThrownBy(() -> store.createAlias(alias("alias/app", second.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.findAlias("alias/app")).contains(original);
    assertThat(store.countAliases(second.keyId())).isZero();
  }

  @Test
  void updateAlias_retargets_andMovesItBetweenTheKeysListings() {
    KmsKey from = store.create(enabledKey().build(), auditRecord());
    KmsKey to = store.create(enabledKey().build(), auditRecord());
    Alias original = alias("alias/app", from.keyId());
    store.createAlias(original, auditRecord());

    Alias moved = original.retarget(to.keyId(), NOW);
    store.updateAlias(moved, auditRecord());

    assertThat(store.findAlias("alias/app")).contains(moved);
    assertThat(store.countAliases(from.keyId())).isZero();
    assertThat(store.countAliases(to.keyId())).isEqualTo(1);
    assertThat(store.listAliases(from.keyId(), null, 10).items()).isEmpty();
    assertThat(store.listAliases(to.keyId(), null, 10).items()).containsExactly(moved);
    assertThat(store.listAliases(null, null, 10).items()).containsExactly(moved);
  }

  @Test
  void updateAlias_missingAlias_throwsConflict_andCreatesNothing() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());

    assertThatThrownBy(() -> store.updateAlias(alias("alias/ghost", key.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.findAlias("alias/ghost")).isEmpty();
    assertThat(store.countAliases(key.keyId())).isZero();
  }

  @Test
  void deleteAlias_returnsWhetherOneWasDeleted() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    store.createAlias(alias("alias/app", key.keyId()), auditRecord());

    assertThat(store.deleteAlias("alias/app", auditRecord())).isTrue();
    assertThat(store.deleteAlias("alias/app", auditRecord())).isFalse();
    assertThat(store.findAlias("alias/app")).isEmpty();
    assertThat(store.countAliases(key.keyId())).isZero();
    assertThat(store.find(key.keyId())).isPresent();
  }

  @Test
  void listAliases_all_pagesThroughEveryAliasByName() {
    KmsKey one = store.create(enabledKey().build(), auditRecord());
    KmsKey two = store.create(enabledKey().build(), auditRecord());
    for (String name : List.of("alias/c", "alias/a", "alias/e", "alias/b", "alias/d")) {
      store.createAlias(
          alias(name, name.compareTo("alias/c") <= 0 ? one.keyId() : two.keyId()), auditRecord());
    }

    Page<Alias> first = store.listAliases(null, null, 2);
    List<String> names = aliasNames(listAllAliases(null, 2));

    assertThat(first.items()).hasSize(2);
    assertThat(first.truncated()).isTrue();
    assertThat(names).containsExactly("alias/a", "alias/b", "alias/c", "alias/d", "alias/e");
  }

  @Test
  void listAliases_ofOneKey_pagesThroughOnlyItsAliasesByName() {
    KmsKey one = store.create(enabledKey().build(), auditRecord());
    KmsKey two = store.create(enabledKey().build(), auditRecord());
    for (String name :
        List.of("alias/one-c", "alias/two-x", "alias/one-a", "alias/one-b", "alias/two-y")) {
      store.createAlias(
          alias(name, name.startsWith("alias/one") ? one.keyId() : two.keyId()), auditRecord());
    }

    List<Alias> ofOne = listAllAliases(one.keyId(), 2);

    assertThat(aliasNames(ofOne)).containsExactly("alias/one-a", "alias/one-b", "alias/one-c");
    assertThat(ofOne).allSatisfy(a -> assertThat(a.targetKeyId()).isEqualTo(one.keyId()));
    assertThat(store.listAliases(KeyId.random(), null, 10).items()).isEmpty();
  }

  @Test
  void listAliases_cursorNotIssuedByTheStore_throwsIllegalArgument() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    store.createAlias(alias("alias/app", key.keyId()), auditRecord());

    for (String bad : foreignCursors()) {
      assertThatThrownBy(() -> store.listAliases(null, bad, 10))
          .as("cursor %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.listAliases(key.keyId(), bad, 10))
          .as("cursor %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void countAliases_countsOnlyTheKeysAliases() {
    KmsKey one = store.create(enabledKey().build(), auditRecord());
    KmsKey two = store.create(enabledKey().build(), auditRecord());
    store.createAlias(alias("alias/a", one.keyId()), auditRecord());
    store.createAlias(alias("alias/b", one.keyId()), auditRecord());
    store.createAlias(alias("alias/c", two.keyId()), auditRecord());

    assertThat(store.countAliases(one.keyId())).isEqualTo(2);
    assertThat(store.countAliases(two.keyId())).isEqualTo(1);
    assertThat(store.countAliases(KeyId.random())).isZero();
  }

  // ---------------------------------------------------------------- due index

  @Test
  void findDue_returnsOnlyDueKeys_earliestFirst() {
    KmsKey deletionDue = store.create(keyDeletedAt(NOW.minus(DAY.multipliedBy(3))), auditRecord());
    KmsKey rotationDue = store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(2))), auditRecord());
    KmsKey dueExactlyNow = store.create(keyRotatingAt(NOW), auditRecord());
    KmsKey expiryDue = store.create(keyExpiringAt(NOW.minus(DAY)), auditRecord());
    store.create(keyRotatingAt(NOW.plusNanos(1)), auditRecord());
    store.create(enabledKey().build(), auditRecord());
    // dueAt() ignores the rotation date of a disabled key: the store must index dueAt(), nothing
    // else.
    store.create(
        keyRotatingAt(NOW.minus(DAY.multipliedBy(9))).toBuilder().state(KeyState.DISABLED).build(),
        auditRecord());

    assertThat(store.findDue(NOW, 100))
        .containsExactly(
            deletionDue.keyId(), rotationDue.keyId(), expiryDue.keyId(), dueExactlyNow.keyId());
  }

  @Test
  void findDue_respectsTheLimit() {
    KmsKey first = store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(3))), auditRecord());
    KmsKey second = store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(2))), auditRecord());
    store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());

    assertThat(store.findDue(NOW, 2)).containsExactly(first.keyId(), second.keyId());
    assertThat(store.findDue(NOW, 1)).containsExactly(first.keyId());
  }

  @Test
  void findDue_followsUpdates_inAndOutOfTheIndex() {
    KmsKey wasDue = store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());
    KmsKey becomesDue = store.create(keyRotatingAt(NOW.plus(DAY)), auditRecord());
    KmsKey staysDue = store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(2))), auditRecord());

    Instant later = NOW.plus(DAY.multipliedBy(10));
    store.update(
        wasDue.toBuilder().rotation(new RotationSchedule(true, 365, later, null, 0)).build(),
        auditRecord());
    store.update(
        becomesDue.toBuilder()
            .state(KeyState.PENDING_DELETION)
            .deletionDate(NOW.minusSeconds(1))
            .build(),
        auditRecord());
    store.update(staysDue.toBuilder().description("renamed").build(), auditRecord());

    assertThat(store.findDue(NOW, 10)).containsExactly(staysDue.keyId(), becomesDue.keyId());
    assertThat(store.findDue(later, 10))
        .containsExactly(staysDue.keyId(), becomesDue.keyId(), wasDue.keyId());
  }

  @Test
  void findDue_readsOnlyDueEntries() {
    for (int i = 1; i <= 100; i++) {
      store.create(keyRotatingAt(NOW.plus(DAY.multipliedBy(i))), auditRecord());
      store.create(enabledKey().build(), auditRecord());
    }
    for (int i = 1; i <= 3; i++) {
      store.create(keyRotatingAt(NOW.minus(DAY.multipliedBy(i))), auditRecord());
    }

    long reads = readsDuring(() -> assertThat(store.findDue(NOW, 50)).hasSize(3));

    assertThat(reads).isLessThanOrEqualTo(3 + LOOKAHEAD);
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  @Timeout(60)
  void update_racingWritersThatRetry_loseNoUpdate() throws Exception {
    int threads = 8;
    int updatesPerThread = 25;
    KmsKey key = store.create(enabledKey().description("0").build(), auditRecord());
    AtomicInteger succeeded = new AtomicInteger();

    runConcurrently(
        threads,
        thread -> {
          for (int i = 0; i < updatesPerThread; i++) {
            incrementDescription(key.keyId());
            succeeded.incrementAndGet();
          }
          return null;
        });

    KmsKey last = store.find(key.keyId()).orElseThrow();
    assertThat(store.pendingRecords(1000)).hasSize(1 + threads * updatesPerThread);
    assertThat(succeeded).hasValue(threads * updatesPerThread);
    assertThat(last.description()).isEqualTo(String.valueOf(threads * updatesPerThread));
    assertThat(last.revision()).isEqualTo(1L + threads * updatesPerThread);
  }

  @Test
  @Timeout(60)
  void create_racingOnOneId_exactlyOneWins() throws Exception {
    KmsKey key = enabledKey().build();

    List<Boolean> won =
        runConcurrently(
            8,
            thread -> {
              try {
                store.create(
                    key.toBuilder().description("thread " + thread).build(), auditRecord());
                return true;
              } catch (StoreConflictException lost) {
                return false;
              }
            });

    assertThat(won).containsOnlyOnce(true);
    String winner = "thread " + won.indexOf(true);
    assertThat(store.find(key.keyId()).orElseThrow().description()).isEqualTo(winner);
    assertThat(store.pendingRecords(10)).hasSize(1);
  }

  @Test
  @Timeout(60)
  void createAlias_racingOnOneName_exactlyOneWins() throws Exception {
    List<KeyId> targets = createKeys(8);

    List<Boolean> won =
        runConcurrently(
            8,
            thread -> {
              try {
                store.createAlias(alias("alias/contested", targets.get(thread)), auditRecord());
                return true;
              } catch (StoreConflictException lost) {
                return false;
              }
            });

    assertThat(won).containsOnlyOnce(true);
    KeyId winner = targets.get(won.indexOf(true));
    assertThat(store.findAlias("alias/contested").orElseThrow().targetKeyId()).isEqualTo(winner);
    assertThat(targets.stream().mapToInt(store::countAliases).sum()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- outbox

  @Test
  void everyWrite_storesItsRecord_pendingInIdOrder() {
    KmsKey other = store.create(enabledKey().build(), auditRecord("CreateKey"));
    OutboxRecord created = auditRecord("CreateKey");
    OutboxRecord updated = auditRecord("DisableKey");
    OutboxRecord aliasCreated = auditRecord("CreateAlias");
    OutboxRecord aliasUpdated = auditRecord("UpdateAlias");
    OutboxRecord aliasDeleted = auditRecord("DeleteAlias");
    OutboxRecord deleted = auditRecord("DeleteKey");
    List<OutboxRecord> before = store.pendingRecords(10);

    KmsKey key = store.create(enabledKey().build(), created);
    KmsKey disabled = store.update(key.toBuilder().state(KeyState.DISABLED).build(), updated);
    store.createAlias(alias("alias/a", key.keyId()), aliasCreated);
    store.updateAlias(alias("alias/a", other.keyId()), aliasUpdated);
    assertThat(store.deleteAlias("alias/a", aliasDeleted)).isTrue();
    store.delete(key.keyId(), disabled.revision(), deleted);

    assertThat(before).hasSize(1);
    assertThat(store.pendingRecords(10))
        .containsExactly(
            before.get(0), created, updated, aliasCreated, aliasUpdated, aliasDeleted, deleted);
  }

  @Test
  void writesThatStoreNothing_storeNoRecord() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KmsKey v2 = store.update(key.toBuilder().description("second").build(), auditRecord());
    store.createAlias(alias("alias/taken", key.keyId()), auditRecord());
    List<OutboxRecord> before = store.pendingRecords(10);

    assertThatThrownBy(() -> store.create(key.toBuilder().revision(0).build(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.update(key.toBuilder().description("stale").build(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.update(enabledKey().revision(1).build(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.delete(key.keyId(), key.revision(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.delete(KeyId.random(), 1, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.createAlias(alias("alias/taken", key.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.updateAlias(alias("alias/ghost", key.keyId()), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.deleteAlias("alias/ghost", auditRecord())).isFalse();

    assertThat(store.pendingRecords(10)).isEqualTo(before).hasSize(3);
    assertThat(store.find(key.keyId())).contains(v2);
  }

  @Test
  void pendingRecords_keepTheirTextExactly_andReadBackAsTheSameLine() {
    OutboxRecord record = auditRecord();

    store.create(enabledKey().build(), record);

    OutboxRecord pending = store.pendingRecords(1).get(0);
    assertThat(pending.id()).isEqualTo(record.id());
    assertThat(pending.json()).isEqualTo(record.json()).contains("naïve ✓\\u000a");
    assertThat(AuditEventJson.toJson(pending.event())).isEqualTo(record.json());
  }

  @Test
  void pendingRecords_oldestFirst_upToTheLimit() {
    List<OutboxRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      OutboxRecord record = auditRecord();
      records.add(record);
      store.create(enabledKey().build(), record);
    }

    assertThat(store.pendingRecords(3)).containsExactlyElementsOf(records.subList(0, 3));
    assertThat(store.pendingRecords(1000)).containsExactlyElementsOf(records);
    assertThatThrownBy(() -> store.pendingRecords(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.pendingRecords(1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removeRecord_removesThatRecordOnly_andTwiceIsHarmless() {
    OutboxRecord first = auditRecord();
    OutboxRecord second = auditRecord();
    KmsKey key = store.create(enabledKey().build(), first);
    store.update(key.toBuilder().description("x").build(), second);

    store.removeRecord(first.id());
    store.removeRecord(first.id());
    store.removeRecord("0000000000000#no-such-record");

    assertThat(store.pendingRecords(10)).containsExactly(second);
    assertThat(store.find(key.keyId()).orElseThrow().description()).isEqualTo("x");
  }

  @Test
  void records_neverShowInListingsCountsOrTheDueIndex() {
    KmsKey due = store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());
    KmsKey other = store.create(enabledKey().build(), auditRecord());
    Alias alias = alias("alias/only", due.keyId());
    store.createAlias(alias, auditRecord());
    for (int i = 0; i < 5; i++) {
      store.update(store.find(other.keyId()).orElseThrow(), auditRecord());
    }

    assertThat(store.pendingRecords(100)).hasSize(8);
    assertThat(listAllKeys(1)).containsExactlyInAnyOrder(due.keyId(), other.keyId());
    assertThat(listAllAliases(null, 1)).containsExactly(alias);
    assertThat(listAllAliases(due.keyId(), 1)).containsExactly(alias);
    assertThat(store.countAliases(due.keyId())).isEqualTo(1);
    assertThat(store.findDue(NOW.plus(DAY.multipliedBy(10_000)), 100)).containsExactly(due.keyId());
  }

  @Test
  void findDue_readsNoRecords() {
    for (int i = 0; i < 50; i++) {
      store.create(enabledKey().build(), auditRecord());
    }
    store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());

    long reads = readsDuring(() -> assertThat(store.findDue(NOW, 50)).hasSize(1));

    assertThat(reads).isLessThanOrEqualTo(1 + LOOKAHEAD);
  }

  // ---------------------------------------------------------------- grants

  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String BOB = "arn:aws:iam::111122223333:user/bob";
  private static final String OPS_SESSION = "arn:aws:sts::444455556666:assumed-role/ops/deploy";
  private static final String RETIRER = "arn:aws:iam::111122223333:role/retirer";

  @Test
  void createGrant_thenFind_roundTripsEveryField() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    Grant full = KeyFixtures.fullGrant(key.keyId());
    Grant service = KeyFixtures.serviceGrant(key.keyId());
    Grant plain = grant(key.keyId(), ALICE);

    store.createGrant(full, auditRecord());
    store.createGrant(service, auditRecord());
    store.createGrant(plain, auditRecord());

    assertThat(store.findGrant(key.keyId(), full.grantId())).contains(full);
    assertThat(store.findGrant(key.keyId(), service.grantId())).contains(service);
    assertThat(store.findGrant(key.keyId(), plain.grantId())).contains(plain);
    assertThat(store.findGrant(KeyId.random(), plain.grantId())).isEmpty();
    assertThat(store.findGrant(key.keyId(), Grant.newId())).isEmpty();
    assertThat(store.find(key.keyId())).contains(key);
  }

  @Test
  void createGrant_onAMissingKey_orAnExistingId_throwsConflict_andStoresNothing() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    Grant grant = grant(key.keyId(), ALICE);
    store.createGrant(grant, auditRecord());
    List<OutboxRecord> before = store.pendingRecords(10);

    assertThatThrownBy(() -> store.createGrant(grant(KeyId.random(), ALICE), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    Grant sameId =
        new Grant(
            grant.grantId(),
            key.keyId(),
            "other",
            BOB,
            null,
            null,
            null,
            List.of(GrantOperation.DescribeKey),
            null,
            grant.issuingAccount(),
            grant.creationDate());
    assertThatThrownBy(() -> store.createGrant(sameId, auditRecord()))
        .isInstanceOf(StoreConflictException.class);

    assertThat(store.findGrant(key.keyId(), grant.grantId())).contains(grant);
    assertThat(store.countGrants(key.keyId())).isEqualTo(1);
    assertThat(store.pendingRecords(10)).isEqualTo(before);
  }

  @Test
  void findGrants_returnsTheKeysGrantsOfThatScopeOnly() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KmsKey other = store.create(enabledKey().build(), auditRecord());
    Grant toAlice = store(grant(key.keyId(), ALICE));
    Grant toBob = store(grant(key.keyId(), BOB));
    Grant toAccount = store(grant(key.keyId(), "arn:aws:iam::111122223333:root"));
    Grant toBareAccount = store(grant(key.keyId(), "111122223333"));
    Grant toOps = store(grant(key.keyId(), OPS_SESSION));
    store(grant(other.keyId(), ALICE));
    Grant toService = store(KeyFixtures.serviceGrant(key.keyId()));

    assertThat(store.findGrants(key.keyId(), "111122223333"))
        .containsExactlyInAnyOrder(toAlice, toBob, toAccount, toBareAccount);
    assertThat(store.findGrants(key.keyId(), "444455556666")).containsExactly(toOps);
    assertThat(store.findGrants(key.keyId(), "logs.eu-west-1.amazonaws.com"))
        .containsExactly(toService);
    assertThat(store.findGrants(key.keyId(), "999999999999")).isEmpty();
  }

  @Test
  void findGrants_readsOnlyThatScopesGrants() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    for (int i = 0; i < 30; i++) {
      store(grant(key.keyId(), "arn:aws:iam::222233334444:user/u" + i));
    }
    store(grant(key.keyId(), ALICE));
    store(grant(key.keyId(), BOB));

    long reads =
        readsDuring(() -> assertThat(store.findGrants(key.keyId(), "111122223333")).hasSize(2));

    assertThat(reads).isLessThanOrEqualTo(2 + LOOKAHEAD);
  }

  @Test
  void listGrants_pagesThroughTheKeysGrantsByGrantId_onceEach() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KmsKey other = store.create(enabledKey().build(), auditRecord());
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      grants.add(store(grant(key.keyId(), i % 2 == 0 ? ALICE : BOB)));
    }
    store(grant(other.keyId(), ALICE));
    List<Grant> byId = grants.stream().sorted(Comparator.comparing(Grant::grantId)).toList();

    assertThat(listAllGrants(key.keyId(), null, 2)).containsExactlyElementsOf(byId);
    assertThat(listAllGrants(key.keyId(), null, 7)).containsExactlyElementsOf(byId);
    assertThat(store.listGrants(key.keyId(), null, null, 7).truncated()).isFalse();
    assertThat(listAllGrants(key.keyId(), BOB, 1))
        .containsExactlyElementsOf(byId.stream().filter(g -> g.grantee().equals(BOB)).toList());
    assertThat(listAllGrants(key.keyId(), "arn:aws:iam::111122223333:user/nobody", 5)).isEmpty();
    assertThat(listAllGrants(KeyId.random(), null, 5)).isEmpty();
  }

  @Test
  void listGrants_onePage_readsAboutOnePage() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    for (int i = 0; i < 40; i++) {
      store(grant(key.keyId(), i < 20 ? ALICE : BOB));
    }

    long all = readsDuring(() -> store.listGrants(key.keyId(), null, null, 5));
    long ofBob = readsDuring(() -> store.listGrants(key.keyId(), BOB, null, 5));

    assertThat(all).isLessThanOrEqualTo(5 + LOOKAHEAD);
    assertThat(ofBob).isLessThanOrEqualTo(5 + LOOKAHEAD);
  }

  @Test
  void grantListings_refuseCursorsOfOtherListings() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KmsKey other = store.create(enabledKey().build(), auditRecord());
    for (int i = 0; i < 2; i++) {
      store(grant(key.keyId(), ALICE, RETIRER));
      store(grant(other.keyId(), ALICE, RETIRER));
    }
    String ofKey = store.listGrants(key.keyId(), null, null, 1).nextCursor();
    String ofAlice = store.listGrants(key.keyId(), ALICE, null, 1).nextCursor();
    String retirable = store.listRetirableGrants(RETIRER, null, 1).nextCursor();
    String keys = store.listKeys(null, 1).nextCursor();

    for (String cursor : List.of(ofAlice, retirable, keys)) {
      assertThatThrownBy(() -> store.listGrants(key.keyId(), null, cursor, 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.listGrants(other.keyId(), null, ofKey, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listGrants(key.keyId(), BOB, ofAlice, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listRetirableGrants(ALICE, retirable, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listRetirableGrants(RETIRER, ofKey, 1))
        .isInstanceOf(IllegalArgumentException.class);
    for (String cursor : foreignCursors()) {
      assertThatThrownBy(() -> store.listGrants(key.keyId(), null, cursor, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.listRetirableGrants(RETIRER, cursor, 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.listGrants(key.keyId(), null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listRetirableGrants(RETIRER, null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listRetirableGrants_acrossKeys_onlyThatRetiringPrincipals_byKeyAndGrantId() {
    List<KeyId> keys = createKeys(3);
    List<Grant> retirable = new ArrayList<>();
    for (KeyId keyId : keys) {
      retirable.add(store(grant(keyId, ALICE, RETIRER)));
      retirable.add(store(grant(keyId, BOB, RETIRER)));
      store(grant(keyId, ALICE, "arn:aws:iam::111122223333:role/someone-else"));
      store(grant(keyId, ALICE));
    }
    Grant byService = store(KeyFixtures.serviceGrant(keys.get(0)));
    List<Grant> ordered =
        retirable.stream()
            .sorted(
                Comparator.comparing((Grant g) -> g.keyId().value()).thenComparing(Grant::grantId))
            .toList();

    assertThat(listAllRetirable(RETIRER, 2)).containsExactlyElementsOf(ordered);
    assertThat(listAllRetirable(RETIRER, 1000)).containsExactlyElementsOf(ordered);
    assertThat(listAllRetirable("delivery.logs.amazonaws.com", 10)).containsExactly(byService);
    assertThat(listAllRetirable(ALICE, 10)).isEmpty();
  }

  @Test
  void deleteGrant_removesItEverywhere_andReturnsWhetherItDid() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    Grant doomed = store(grant(key.keyId(), ALICE, RETIRER));
    Grant kept = store(grant(key.keyId(), ALICE, RETIRER));
    List<OutboxRecord> before = store.pendingRecords(100);
    OutboxRecord record = auditRecord("RetireGrant");

    assertThat(store.deleteGrant(key.keyId(), doomed.grantId(), record)).isTrue();
    assertThat(store.deleteGrant(key.keyId(), doomed.grantId(), auditRecord())).isFalse();
    assertThat(store.deleteGrant(KeyId.random(), kept.grantId(), auditRecord())).isFalse();

    assertThat(store.findGrant(key.keyId(), doomed.grantId())).isEmpty();
    assertThat(store.findGrants(key.keyId(), "111122223333")).containsExactly(kept);
    assertThat(listAllGrants(key.keyId(), null, 10)).containsExactly(kept);
    assertThat(listAllGrants(key.keyId(), ALICE, 10)).containsExactly(kept);
    assertThat(listAllRetirable(RETIRER, 10)).containsExactly(kept);
    assertThat(store.countGrants(key.keyId())).isEqualTo(1);
    List<OutboxRecord> after = store.pendingRecords(100);
    assertThat(after).hasSize(before.size() + 1).contains(record);
  }

  @Test
  void countGrants_countsOnlyTheKeysGrants() {
    List<KeyId> keys = createKeys(2);
    for (int i = 0; i < 3; i++) {
      store(grant(keys.get(0), ALICE));
    }
    store(grant(keys.get(1), ALICE));

    assertThat(store.countGrants(keys.get(0))).isEqualTo(3);
    assertThat(store.countGrants(keys.get(1))).isEqualTo(1);
    assertThat(store.countGrants(KeyId.random())).isZero();
  }

  @Test
  void delete_removesTheKeysGrants_everywhere_andNoOtherKeys() {
    KmsKey doomed = store.create(enabledKey().build(), auditRecord());
    KmsKey kept = store.create(enabledKey().build(), auditRecord());
    for (int i = 0; i < 3; i++) {
      store(grant(doomed.keyId(), ALICE, RETIRER));
    }
    store(KeyFixtures.serviceGrant(doomed.keyId()));
    Grant keptGrant = store(grant(kept.keyId(), ALICE, RETIRER));

    store.delete(doomed.keyId(), doomed.revision(), auditRecord());

    assertThat(store.countGrants(doomed.keyId())).isZero();
    assertThat(store.findGrants(doomed.keyId(), "111122223333")).isEmpty();
    assertThat(listAllGrants(doomed.keyId(), null, 10)).isEmpty();
    assertThat(listAllRetirable(RETIRER, 10)).containsExactly(keptGrant);
    assertThat(listAllRetirable("delivery.logs.amazonaws.com", 10)).isEmpty();
    assertThat(store.findGrants(kept.keyId(), "111122223333")).containsExactly(keptGrant);
  }

  @Test
  void grantWrites_storeTheirRecords_andGrantsNeverShowInKeyListingsOrReads() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    OutboxRecord created = auditRecord("CreateGrant");
    OutboxRecord retired = auditRecord("RetireGrant");
    List<OutboxRecord> before = store.pendingRecords(10);

    Grant grant = grant(key.keyId(), ALICE, RETIRER);
    store.createGrant(grant, created);
    store.createGrant(KeyFixtures.fullGrant(key.keyId()), auditRecord());
    store.deleteGrant(key.keyId(), grant.grantId(), retired);

    assertThat(store.pendingRecords(10)).startsWith(before.get(0), created).contains(retired);
    assertThat(store.find(key.keyId())).contains(key);
    assertThat(listAllKeys(10)).containsExactly(key.keyId());
    assertThat(store.countAliases(key.keyId())).isZero();
    assertThat(store.listAliases(key.keyId(), null, 10).items()).isEmpty();
    assertThat(store.listAliases(null, null, 10).items()).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  private void incrementDescription(KeyId keyId) {
    while (true) {
      KmsKey current = store.find(keyId).orElseThrow();
      String next = String.valueOf(Integer.parseInt(current.description()) + 1);
      try {
        store.update(current.toBuilder().description(next).build(), auditRecord());
        return;
      } catch (StoreConflictException raced) {
        // another writer got there first: read again and retry, as operations do
      }
    }
  }

  private List<KeyId> createKeys(int count) {
    List<KeyId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(store.create(enabledKey().build(), auditRecord()).keyId());
    }
    return ids;
  }

  private List<KeyId> listAllKeys(int limit) {
    return listAll(cursor -> store.listKeys(cursor, limit), limit);
  }

  private Grant store(Grant grant) {
    store.createGrant(grant, auditRecord());
    return grant;
  }

  private List<Grant> listAllGrants(KeyId keyId, String grantee, int limit) {
    return listAll(cursor -> store.listGrants(keyId, grantee, cursor, limit), limit);
  }

  private List<Grant> listAllRetirable(String retiringPrincipal, int limit) {
    return listAll(cursor -> store.listRetirableGrants(retiringPrincipal, cursor, limit), limit);
  }

  private List<Alias> listAllAliases(KeyId target, int limit) {
    return listAll(cursor -> store.listAliases(target, cursor, limit), limit);
  }

  /** Follows cursors to the last page, checking each page's size and that paging ends. */
  private static <T> List<T> listAll(Function<String, Page<T>> pageAt, int limit) {
    List<T> all = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 10_000; pages++) {
      Page<T> page = pageAt.apply(cursor);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      all.addAll(page.items());
      if (!page.truncated()) {
        return all;
      }
      cursor = page.nextCursor();
    }
    throw new AssertionError("paging did not end");
  }

  private static List<String> aliasNames(List<Alias> aliases) {
    return aliases.stream().map(Alias::aliasName).toList();
  }

  /** Strings no store issues as cursors: not base64url at all, and base64url of something else. */
  private static List<String> foreignCursors() {
    return List.of(
        "not a cursor!",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("not a cursor".getBytes(StandardCharsets.UTF_8)));
  }

  private long readsDuring(Runnable call) {
    OptionalLong before = itemsRead(store);
    Assumptions.assumeTrue(before.isPresent(), "the store does not count what it reads");
    call.run();
    return itemsRead(store).orElseThrow() - before.getAsLong();
  }

  /**
   * Runs {@code task} on {@code threads} threads released at the same moment; returns their
   * results.
   */
  private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int thread = i;
        Callable<T> gated =
            () -> {
              start.await();
              return task.run(thread);
            };
        futures.add(pool.submit(gated));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(50, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- custom key stores

  private static CustomKeyStore newCustomKeyStore(String name) {
    return CustomKeyStore.create(
        CustomKeyStore.newId(),
        name,
        "cluster-1234567abcd",
        "-----BEGIN CERTIFICATE-----",
        new SealedPassword(new byte[] {1, 2, 3}),
        NOW);
  }

  @Test
  void customKeyStore_roundTrips_withRevisionOne_andNoKeys() {
    CustomKeyStore created = store.createCustomKeyStore(newCustomKeyStore("a"), auditRecord());

    assertThat(created.revision()).isEqualTo(1);
    assertThat(store.findCustomKeyStore(created.id())).contains(created);
    assertThat(store.findCustomKeyStoreByName("a")).contains(created);
    assertThat(store.findCustomKeyStoreByName("b")).isEmpty();
    assertThat(store.findCustomKeyStore("cks-00000000000000000")).isEmpty();
    assertThat(store.pendingRecords(10)).hasSize(1);
  }

  @Test
  void customKeyStore_namesAndIdsAreUnique_andAConflictWritesNothing() {
    CustomKeyStore first = store.createCustomKeyStore(newCustomKeyStore("a"), auditRecord());

    assertThatThrownBy(() -> store.createCustomKeyStore(newCustomKeyStore("a"), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    CustomKeyStore sameId =
        new CustomKeyStore(
            first.id(),
            "other",
            first.type(),
            first.cloudHsmClusterId(),
            first.trustAnchorCertificate(),
            first.password(),
            first.connectionState(),
            null,
            NOW,
            0,
            0);
    assertThatThrownBy(() -> store.createCustomKeyStore(sameId, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.pendingRecords(10)).hasSize(1);
    assertThat(store.findCustomKeyStoreByName("other")).isEmpty();
  }

  @Test
  void customKeyStore_updates_underOptimisticLocking_andRenames() {
    CustomKeyStore created = store.createCustomKeyStore(newCustomKeyStore("a"), auditRecord());
    store.createCustomKeyStore(newCustomKeyStore("taken"), auditRecord());

    CustomKeyStore connected = store.updateCustomKeyStore(created.startConnecting(), auditRecord());
    CustomKeyStore outcome = store.updateCustomKeyStore(connected.connectionOutcome(null), null);

    assertThat(outcome.revision()).isEqualTo(3);
    assertThat(store.findCustomKeyStore(created.id())).contains(outcome);
    assertThat(store.pendingRecords(10)).as("the outcome carried no record").hasSize(3);
    assertThatThrownBy(
            () -> store.updateCustomKeyStore(created.update("zz", null, null), auditRecord()))
        .as("a stale revision")
        .isInstanceOf(StoreConflictException.class);
    CustomKeyStore disconnected = store.updateCustomKeyStore(outcome.disconnect(), auditRecord());
    assertThatThrownBy(
            () ->
                store.updateCustomKeyStore(disconnected.update("taken", null, null), auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    CustomKeyStore renamed =
        store.updateCustomKeyStore(disconnected.update("b", null, null), auditRecord());
    assertThat(store.findCustomKeyStoreByName("b")).contains(renamed);
    assertThat(store.findCustomKeyStoreByName("a")).isEmpty();
  }

  @Test
  void customKeyStore_countsItsKeys_andIsNotDeletedWhileItHasAny() {
    CustomKeyStore created = store.createCustomKeyStore(newCustomKeyStore("a"), auditRecord());
    KmsKey key =
        store.create(
            enabledKey().origin(Origin.AWS_CLOUDHSM).customKeyStoreId(created.id()).build(),
            auditRecord());

    assertThat(store.find(key.keyId()).orElseThrow().customKeyStoreId()).isEqualTo(created.id());
    CustomKeyStore withKey = store.findCustomKeyStore(created.id()).orElseThrow();
    assertThat(withKey.keyCount()).isEqualTo(1);
    assertThatThrownBy(
            () -> store.deleteCustomKeyStore(created.id(), withKey.revision(), auditRecord()))
        .isInstanceOf(StoreConflictException.class);

    store.delete(key.keyId(), key.revision(), auditRecord());
    assertThat(store.findCustomKeyStore(created.id()).orElseThrow().keyCount()).isZero();
    store.deleteCustomKeyStore(created.id(), withKey.revision(), auditRecord());
    assertThat(store.findCustomKeyStore(created.id())).isEmpty();
    assertThat(store.findCustomKeyStoreByName("a")).isEmpty();
  }

  @Test
  void aKeyInACustomKeyStoreThatDoesNotExist_isNotCreated() {
    assertThatThrownBy(
            () ->
                store.create(
                    enabledKey()
                        .origin(Origin.AWS_CLOUDHSM)
                        .customKeyStoreId("cks-00000000000000000")
                        .build(),
                    auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.listKeys(null, 10).items()).isEmpty();
    assertThat(store.pendingRecords(10)).isEmpty();
  }

  @Test
  void customKeyStores_listInPages() {
    for (int i = 0; i < 3; i++) {
      store.createCustomKeyStore(newCustomKeyStore("s" + i), auditRecord());
    }
    Page<CustomKeyStore> first = store.listCustomKeyStores(null, 2);
    Page<CustomKeyStore> second = store.listCustomKeyStores(first.nextCursor(), 2);

    assertThat(first.items()).hasSize(2);
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextCursor()).isNull();
    assertThatThrownBy(() -> store.listCustomKeyStores("bm9wZQ", 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listCustomKeyStores(null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- regions (issue 12)

  private static final String OTHER_REGION = "eu-central-1";
  private static final String THIRD_REGION = "ap-southeast-2";

  /**
   * The region {@link #newStore()}'s store is the view of (the KMS's default region, {@code
   * kms.region}).
   */
  protected String defaultRegion() {
    return InMemoryKeyStore.DEFAULT_REGION;
  }

  @Test
  void regions_theSameKeyIdInTwoRegions_isTwoKeys() {
    KeyStore other = store.inRegion(OTHER_REGION);
    KmsKey here = store.create(enabledKey().description("here").build(), auditRecord());
    KmsKey there =
        other.create(here.toBuilder().description("there").revision(0).build(), auditRecord());

    KmsKey changed =
        other.update(there.toBuilder().description("changed there").build(), auditRecord());

    assertThat(store.find(here.keyId()))
        .as("untouched by the other region's update")
        .contains(here);
    assertThat(other.find(here.keyId())).contains(changed);
    assertThat(changed.revision()).isEqualTo(2);
    assertThat(store.inRegion(THIRD_REGION).find(here.keyId())).isEmpty();
    assertThatThrownBy(() -> store.update(changed, auditRecord()))
        .as("the other region's revision is not this one's")
        .isInstanceOf(StoreConflictException.class);

    store.delete(here.keyId(), here.revision(), auditRecord());

    assertThat(store.find(here.keyId())).isEmpty();
    assertThat(other.find(here.keyId())).contains(changed);
    assertThat(store.listKeys(null, 10).items()).isEmpty();
    assertThat(other.listKeys(null, 10).items()).containsExactly(here.keyId());
  }

  @Test
  void regions_aliasesAreApart() {
    KeyStore other = store.inRegion(OTHER_REGION);
    KmsKey here = store.create(enabledKey().build(), auditRecord());
    KmsKey there = other.create(enabledKey().build(), auditRecord());

    store.createAlias(alias("alias/app", here.keyId()), auditRecord());
    other.createAlias(alias("alias/app", there.keyId()), auditRecord());

    assertThat(store.findAlias("alias/app").orElseThrow().targetKeyId()).isEqualTo(here.keyId());
    assertThat(other.findAlias("alias/app").orElseThrow().targetKeyId()).isEqualTo(there.keyId());
    assertThat(store.inRegion(THIRD_REGION).findAlias("alias/app")).isEmpty();
    assertThat(store.listAliases(null, null, 10).items())
        .extracting(Alias::targetKeyId)
        .containsExactly(here.keyId());
    assertThat(other.listAliases(null, null, 10).items())
        .extracting(Alias::targetKeyId)
        .containsExactly(there.keyId());
    assertThat(other.countAliases(here.keyId())).isZero();
    assertThat(other.deleteAlias("alias/app", auditRecord())).isTrue();
    assertThat(store.findAlias("alias/app")).isPresent();
  }

  @Test
  void regions_grantsAndTheirCountsAreApart_andADeletionTakesOnlyItsRegionsOnes() {
    KeyStore other = store.inRegion(OTHER_REGION);
    KmsKey here = store.create(enabledKey().build(), auditRecord());
    KmsKey there = other.create(here.toBuilder().revision(0).build(), auditRecord());
    Grant both = grant(here.keyId(), ALICE, RETIRER);
    store.createGrant(both, auditRecord());
    other.createGrant(both, auditRecord()); // the same grant id on the same key id: another key
    Grant bobs = grant(there.keyId(), BOB, RETIRER);
    other.createGrant(bobs, auditRecord());
    store.createAlias(alias("alias/here", here.keyId()), auditRecord());
    other.createAlias(alias("alias/there", there.keyId()), auditRecord());

    assertThat(store.countGrants(here.keyId())).isEqualTo(1);
    assertThat(other.countGrants(there.keyId())).isEqualTo(2);
    assertThat(store.findGrants(here.keyId(), "111122223333")).containsExactly(both);
    assertThat(store.listRetirableGrants(RETIRER, null, 10).items()).containsExactly(both);
    assertThat(other.listRetirableGrants(RETIRER, null, 10).items())
        .containsExactlyInAnyOrder(both, bobs);
    assertThat(store.listGrants(here.keyId(), null, null, 10).items()).containsExactly(both);
    KeyStore third = store.inRegion(THIRD_REGION);
    assertThat(third.findGrant(here.keyId(), both.grantId())).isEmpty();
    assertThatThrownBy(() -> third.createGrant(grant(here.keyId(), ALICE), auditRecord()))
        .as("the key is not in that region")
        .isInstanceOf(StoreConflictException.class);

    store.delete(here.keyId(), here.revision(), auditRecord());

    assertThat(store.countGrants(here.keyId())).isZero();
    assertThat(store.findGrant(here.keyId(), both.grantId())).isEmpty();
    assertThat(store.findAlias("alias/here")).isEmpty();
    assertThat(other.countGrants(there.keyId())).isEqualTo(2);
    assertThat(other.findGrant(there.keyId(), both.grantId())).contains(both);
    assertThat(other.listRetirableGrants(RETIRER, null, 10).items()).hasSize(2);
    assertThat(other.findAlias("alias/there")).isPresent();
  }

  @Test
  void regions_customKeyStoresAreApart() {
    KeyStore other = store.inRegion(OTHER_REGION);
    CustomKeyStore here = store.createCustomKeyStore(newCustomKeyStore("cluster"), auditRecord());
    CustomKeyStore there = other.createCustomKeyStore(newCustomKeyStore("cluster"), auditRecord());

    assertThat(store.findCustomKeyStoreByName("cluster")).contains(here);
    assertThat(other.findCustomKeyStoreByName("cluster")).contains(there);
    assertThat(other.findCustomKeyStore(here.id())).isEmpty();
    assertThat(store.listCustomKeyStores(null, 10).items()).containsExactly(here);
    assertThat(other.listCustomKeyStores(null, 10).items()).containsExactly(there);
    assertThatThrownBy(
            () ->
                other.create(
                    enabledKey().origin(Origin.AWS_CLOUDHSM).customKeyStoreId(here.id()).build(),
                    auditRecord()))
        .as("another region's custom key store does not exist here")
        .isInstanceOf(StoreConflictException.class);

    other.create(
        enabledKey().origin(Origin.AWS_CLOUDHSM).customKeyStoreId(there.id()).build(),
        auditRecord());

    assertThat(store.findCustomKeyStore(here.id()).orElseThrow().keyCount()).isZero();
    assertThat(other.findCustomKeyStore(there.id()).orElseThrow().keyCount()).isEqualTo(1);
  }

  @Test
  void regions_dueIndexesAreApart() {
    KeyStore other = store.inRegion(OTHER_REGION);
    KmsKey here = store.create(keyRotatingAt(NOW.minus(DAY)), auditRecord());
    KmsKey there = other.create(keyDeletedAt(NOW.minus(DAY.multipliedBy(2))), auditRecord());

    assertThat(store.findDue(NOW, 10)).containsExactly(here.keyId());
    assertThat(other.findDue(NOW, 10)).containsExactly(there.keyId());
    assertThat(store.inRegion(THIRD_REGION).findDue(NOW, 10)).isEmpty();
  }

  @Test
  void regions_keyCountersAndQuotasAreApart() {
    KeyStore other = store.inRegion(OTHER_REGION);
    createKeys(2);
    other.create(enabledKey().build(), auditRecord());

    assertThat(store.countCustomerKeys()).isEqualTo(2);
    assertThat(other.countCustomerKeys()).isEqualTo(1);
    assertThat(store.inRegion(THIRD_REGION).countCustomerKeys()).isZero();
    other.create(enabledKey().build(), auditRecord(), 2);
    assertThatThrownBy(() -> store.create(enabledKey().build(), auditRecord(), 2))
        .isInstanceOf(QuotaExceededException.class);
    assertThat(other.countCustomerKeys()).isEqualTo(2);
  }

  @Test
  void regions_shareOneOutbox() {
    KeyStore other = store.inRegion(OTHER_REGION);
    OutboxRecord here = auditRecord("CreateKey");
    OutboxRecord there = auditRecord("CreateKey");

    store.create(enabledKey().build(), here);
    other.create(enabledKey().build(), there);

    assertThat(store.pendingRecords(10)).containsExactly(here, there);
    assertThat(other.pendingRecords(10)).containsExactly(here, there);
    assertThat(store.inRegion(THIRD_REGION).pendingRecords(10)).containsExactly(here, there);
    other.removeRecord(here.id());
    assertThat(store.pendingRecords(10)).containsExactly(there);
  }

  @Test
  void regions_listTheDefaultRegion_andEachRegionThatGotAKey() {
    assertThat(store.regions()).containsExactly(defaultRegion());
    KeyStore other = store.inRegion(OTHER_REGION);
    KeyStore third = store.inRegion(THIRD_REGION);
    third.createCustomKeyStore(newCustomKeyStore("no key in it"), auditRecord());
    assertThat(store.regions()).as("a view or a custom key store is no key").hasSize(1);

    KmsKey key = other.create(enabledKey().build(), auditRecord());

    assertThat(store.regions()).containsExactlyInAnyOrder(defaultRegion(), OTHER_REGION);
    assertThat(third.regions()).isEqualTo(store.regions());
    other.delete(key.keyId(), key.revision(), auditRecord());
    assertThat(store.regions()).as("a region that held a key").contains(OTHER_REGION);
    assertThat(listAllKeys(10)).as("the registry is no key").isEmpty();
    assertThat(store.pendingRecords(10)).as("the registry is no record").hasSize(3);
  }

  @Test
  void inRegion_ofTheDefaultRegion_isThisStore_andViewsOfARegionAreInterchangeable() {
    KmsKey here = store.create(enabledKey().build(), auditRecord());
    KmsKey there = store.inRegion(OTHER_REGION).create(enabledKey().build(), auditRecord());

    assertThat(store.inRegion(defaultRegion()).find(here.keyId())).contains(here);
    assertThat(store.inRegion(OTHER_REGION).inRegion(defaultRegion()).find(here.keyId()))
        .contains(here);
    KmsKey updated =
        store
            .inRegion(THIRD_REGION)
            .inRegion(OTHER_REGION)
            .update(there.toBuilder().description("through another view").build(), auditRecord());
    assertThat(store.inRegion(OTHER_REGION).find(there.keyId())).contains(updated);
    assertThat(store.regions()).containsExactlyInAnyOrder(defaultRegion(), OTHER_REGION);
  }

  @Test
  void inRegion_notARegionName_throwsIllegalArgument() {
    for (String notARegion : List.of("", "us-east-1#KEY", "US-EAST-1", "us east 1")) {
      assertThatThrownBy(() -> store.inRegion(notARegion))
          .as(notARegion)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------- quota (issue 12)

  @Test
  void createWithQuota_pastTheQuota_throws_andWritesNothing() {
    createKeys(2);
    List<OutboxRecord> before = store.pendingRecords(100);
    KmsKey refused = enabledKey().build();

    assertThatThrownBy(() -> store.create(refused, auditRecord(), 2))
        .isInstanceOf(QuotaExceededException.class);
    assertThatThrownBy(() -> store.inRegion(OTHER_REGION).create(refused, auditRecord(), 0))
        .isInstanceOf(QuotaExceededException.class);

    assertThat(store.find(refused.keyId())).isEmpty();
    assertThat(store.inRegion(OTHER_REGION).find(refused.keyId())).isEmpty();
    assertThat(store.pendingRecords(100)).isEqualTo(before);
    assertThat(store.countCustomerKeys()).isEqualTo(2);
    assertThat(listAllKeys(10)).hasSize(2);
    assertThat(store.regions()).as("a refused first key").containsExactly(defaultRegion());
    KmsKey third = store.create(refused, auditRecord(), 3);
    assertThat(third).isEqualTo(refused.toBuilder().revision(1).build());
    assertThat(store.countCustomerKeys()).isEqualTo(3);
  }

  @Test
  void createWithQuota_awsManagedKeys_doNotCount() {
    KmsKey managed =
        store.create(enabledKey().keyManager(KeyManager.AWS).build(), auditRecord(), 0);
    assertThat(store.countCustomerKeys()).isZero();

    store.create(enabledKey().build(), auditRecord(), 1);
    store.create(enabledKey().keyManager(KeyManager.AWS).build(), auditRecord(), 1);
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThatThrownBy(() -> store.create(enabledKey().build(), auditRecord(), 1))
        .isInstanceOf(QuotaExceededException.class);

    store.delete(managed.keyId(), managed.revision(), auditRecord());
    assertThat(store.countCustomerKeys()).isEqualTo(1);
    assertThat(listAllKeys(10)).hasSize(2);
  }

  @Test
  void createWithQuota_aDeletionFreesAPlace_andEveryCreateCounts() {
    List<KeyId> ids = createKeys(2); // created without a quota: counted all the same
    assertThat(store.countCustomerKeys()).isEqualTo(2);
    assertThatThrownBy(() -> store.create(enabledKey().build(), auditRecord(), 2))
        .isInstanceOf(QuotaExceededException.class);

    KmsKey first = store.find(ids.get(0)).orElseThrow();
    store.delete(first.keyId(), first.revision(), auditRecord());

    assertThat(store.countCustomerKeys()).isEqualTo(1);
    store.create(enabledKey().build(), auditRecord(), 2);
    assertThat(store.countCustomerKeys()).isEqualTo(2);
  }

  @Test
  void keyCounter_movesOnlyWithWritesThatHappen() {
    KmsKey key = store.create(enabledKey().build(), auditRecord(), 10);

    assertThatThrownBy(() -> store.create(key.toBuilder().revision(0).build(), auditRecord(), 10))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(() -> store.delete(key.keyId(), key.revision() + 1, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    store.update(key.toBuilder().description("x").build(), auditRecord());
    assertThatThrownBy(
            () ->
                store.create(
                    enabledKey()
                        .origin(Origin.AWS_CLOUDHSM)
                        .customKeyStoreId("cks-00000000000000000")
                        .build(),
                    auditRecord(),
                    10))
        .isInstanceOf(StoreConflictException.class);

    assertThat(store.countCustomerKeys()).isEqualTo(1);
  }

  @Test
  void countCustomerKeys_readsOnlyTheCounter() {
    createKeys(30);

    long reads = readsDuring(() -> assertThat(store.countCustomerKeys()).isEqualTo(30));

    assertThat(reads).isLessThanOrEqualTo(1);
  }

  @Test
  @Timeout(60)
  void createWithQuota_racingForTheLastPlace_atMostOneTakesIt() throws Exception {
    createKeys(1);

    List<String> outcomes =
        runConcurrently(
            8,
            thread -> {
              try {
                store.create(enabledKey().build(), auditRecord(), 2);
                return "created";
              } catch (QuotaExceededException full) {
                return "full";
              } catch (StoreConflictException raced) {
                return "raced"; // a store may refuse a write that lost a race; it wrote nothing
              }
            });

    long created = outcomes.stream().filter("created"::equals).count();
    assertThat(created).isLessThanOrEqualTo(1);
    if (!outcomes.contains("raced")) {
      assertThat(created).as("one place was free").isEqualTo(1);
    }
    assertThat(store.countCustomerKeys()).isEqualTo(1 + created);
    assertThat(listAllKeys(10)).hasSize((int) (1 + created));
  }

  // ---------------------------------------------------------------- grant counter (issue 12)

  @Test
  void countGrants_readsOnlyTheCounter() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    for (int i = 0; i < 30; i++) {
      store(grant(key.keyId(), i % 2 == 0 ? ALICE : BOB));
    }

    long reads = readsDuring(() -> assertThat(store.countGrants(key.keyId())).isEqualTo(30));

    assertThat(reads).isLessThanOrEqualTo(1);
  }

  @Test
  void countGrants_followsEveryGrantWrite_andTheKeysDeletion() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    Grant first = store(grant(key.keyId(), ALICE));
    store(grant(key.keyId(), BOB));
    store(grant(key.keyId(), ALICE, RETIRER));

    assertThatThrownBy(() -> store.createGrant(first, auditRecord()))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.deleteGrant(key.keyId(), first.grantId(), auditRecord())).isTrue();
    assertThat(store.deleteGrant(key.keyId(), first.grantId(), auditRecord())).isFalse();
    assertThat(store.deleteGrant(key.keyId(), "no-such-grant", auditRecord())).isFalse();
    assertThat(store.countGrants(key.keyId())).isEqualTo(2);

    store.delete(key.keyId(), key.revision(), auditRecord());
    assertThat(store.countGrants(key.keyId())).isZero();
    store.create(key.toBuilder().revision(0).build(), auditRecord());
    assertThat(store.countGrants(key.keyId())).as("a new key of the same id").isZero();
    store(grant(key.keyId(), ALICE));
    assertThat(store.countGrants(key.keyId())).isEqualTo(1);
  }

  // ---------------------------------------------------------------- last usage (issue 12)

  private static KeyLastUsage usage(KeyId keyId, String operation, Instant at) {
    return new KeyLastUsage(
        keyId, operation, at, UUID.randomUUID().toString(), UUID.randomUUID().toString());
  }

  @Test
  void keyLastUsage_roundTrips_andIsEmptyBeforeTheFirstSave() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    assertThat(store.findKeyLastUsage(key.keyId())).isEmpty();
    KeyLastUsage used =
        usage(key.keyId(), "GenerateDataKeyPairWithoutPlaintext", NOW.plusMillis(7));

    store.saveKeyLastUsage(List.of(used));

    assertThat(store.findKeyLastUsage(key.keyId())).contains(used);
    assertThat(store.findKeyLastUsage(KeyId.random())).isEmpty();
  }

  @Test
  void keyLastUsage_isSavedOnlyIfNewer() {
    KmsKey one = store.create(enabledKey().build(), auditRecord());
    KmsKey two = store.create(enabledKey().build(), auditRecord());
    KeyLastUsage older = usage(one.keyId(), "Encrypt", NOW);
    KeyLastUsage newer = usage(one.keyId(), "Decrypt", NOW.plusSeconds(5));
    KeyLastUsage ofTwo = usage(two.keyId(), "Sign", NOW);

    store.saveKeyLastUsage(List.of(newer, ofTwo));
    store.saveKeyLastUsage(List.of(older)); // another server's flush, arriving late

    assertThat(store.findKeyLastUsage(one.keyId())).contains(newer);
    assertThat(store.findKeyLastUsage(two.keyId())).contains(ofTwo);
    KeyLastUsage newest = usage(one.keyId(), "GenerateMac", NOW.plusSeconds(6));
    KeyLastUsage between = usage(one.keyId(), "VerifyMac", NOW.plusSeconds(5).plusMillis(500));
    store.saveKeyLastUsage(List.of(between, newest, older)); // one batch naming a key thrice
    assertThat(store.findKeyLastUsage(one.keyId())).contains(newest);
    store.saveKeyLastUsage(List.of());
    assertThat(store.findKeyLastUsage(one.keyId())).contains(newest);
  }

  @Test
  void keyLastUsage_changesNoRevision_writesNoRecord_andAnUpdateKeepsIt() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    List<OutboxRecord> before = store.pendingRecords(100);
    KeyLastUsage used = usage(key.keyId(), "Encrypt", NOW);

    store.saveKeyLastUsage(List.of(used));

    assertThat(store.find(key.keyId())).contains(key);
    assertThat(store.pendingRecords(100)).isEqualTo(before);
    KmsKey updated =
        store.update(key.toBuilder().description("read before the use").build(), auditRecord());
    assertThat(updated.revision()).isEqualTo(2);
    assertThat(store.findKeyLastUsage(key.keyId())).contains(used);
    assertThat(listAllKeys(10)).containsExactly(key.keyId());
    assertThat(store.findDue(NOW.plus(DAY.multipliedBy(10_000)), 10)).isEmpty();
  }

  @Test
  void keyLastUsage_ofAMissingKey_isSkipped_andGoesWithItsKey() {
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KeyId ghost = KeyId.random();

    store.saveKeyLastUsage(List.of(usage(ghost, "Encrypt", NOW), usage(key.keyId(), "Sign", NOW)));

    assertThat(store.findKeyLastUsage(ghost)).isEmpty();
    assertThat(store.findKeyLastUsage(key.keyId())).isPresent();
    assertThat(listAllKeys(10)).as("no key made by a use").containsExactly(key.keyId());

    store.delete(key.keyId(), key.revision(), auditRecord());
    assertThat(store.findKeyLastUsage(key.keyId())).isEmpty();
    store.saveKeyLastUsage(List.of(usage(key.keyId(), "Verify", NOW.plusSeconds(1))));
    assertThat(store.findKeyLastUsage(key.keyId())).as("a flush after the deletion").isEmpty();
    store.create(key.toBuilder().revision(0).build(), auditRecord());
    assertThat(store.findKeyLastUsage(key.keyId())).as("a new key of the same id").isEmpty();
  }

  @Test
  void keyLastUsage_isPerRegion() {
    KeyStore other = store.inRegion(OTHER_REGION);
    KmsKey here = store.create(enabledKey().build(), auditRecord());
    other.create(here.toBuilder().revision(0).build(), auditRecord());
    KeyLastUsage there = usage(here.keyId(), "Decrypt", NOW);

    other.saveKeyLastUsage(List.of(there));

    assertThat(store.findKeyLastUsage(here.keyId())).isEmpty();
    assertThat(other.findKeyLastUsage(here.keyId())).contains(there);
    store.inRegion(THIRD_REGION).saveKeyLastUsage(List.of(usage(here.keyId(), "Sign", NOW)));
    assertThat(store.inRegion(THIRD_REGION).findKeyLastUsage(here.keyId())).isEmpty();
  }

  // ---------------------------------------------------------------- multi-Region (issue 12)

  @Test
  void multiRegion_roundTrips_throughCreateAndUpdate() {
    KmsKey primary =
        enabledKey()
            .multiRegion(
                new MultiRegion(
                    MultiRegionKeyType.PRIMARY, "us-east-1", List.of("eu-west-1", "ap-south-1")))
            .build();

    KmsKey stored = store.create(primary, auditRecord());

    assertThat(store.find(primary.keyId())).contains(primary.toBuilder().revision(1).build());
    for (MultiRegion next :
        new MultiRegion[] {
          new MultiRegion(MultiRegionKeyType.REPLICA, "eu-west-1", List.of("us-east-1")),
          new MultiRegion(MultiRegionKeyType.PRIMARY, "us-east-1", List.of()),
          null
        }) {
      stored = store.update(stored.toBuilder().multiRegion(next).build(), auditRecord());
      assertThat(store.find(primary.keyId())).contains(stored);
      assertThat(stored.multiRegion()).isEqualTo(next);
    }
  }

  @FunctionalInterface
  private interface ThreadTask<T> {
    T run(int thread) throws Exception;
  }
}
