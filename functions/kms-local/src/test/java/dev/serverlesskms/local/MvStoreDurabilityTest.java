package dev.serverlesskms.local;

import static dev.serverlesskms.testkit.KeyFixtures.alias;
import static dev.serverlesskms.testkit.KeyFixtures.auditRecord;
import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store under I/O faults, injected below MVStore ({@link FaultyFilePath}): readers never
 * see a change before its fsync ended (issue 9, item 8), and a write that fails stores neither its
 * change nor its audit record, in memory or in the file (item 4).
 */
class MvStoreDurabilityTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private MvStoreKeyStore store;

  @AfterEach
  void cleanUp() {
    FaultyFilePath.reset();
    threads.shutdownNow();
    if (store != null) {
      store.close();
    }
  }

  private Path file() {
    return dir.resolve("keys.mv.db");
  }

  private MvStoreKeyStore openFaulty() {
    return MvStoreKeyStore.open(file(), FaultyFilePath.of(file()), MvStoreKeyStore.DEFAULT_REGION);
  }

  @Test
  @Timeout(30)
  void aReader_waitsForTheWritesFsync_andNeverSeesTheChangeBeforeItIsDurable() throws Exception {
    store = openFaulty();
    KmsKey key = store.create(enabledKey().build(), auditRecord());
    KmsKey rotated = KeyFixtures.withNewVersion(key, NOW);
    CountDownLatch syncing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FaultyFilePath.holdNextSync(syncing, release);

    Future<KmsKey> writer = threads.submit(() -> store.update(rotated, auditRecord()));
    assertThat(syncing.await(10, TimeUnit.SECONDS)).as("the write reached its fsync").isTrue();
    Future<Optional<KmsKey>> reader = threads.submit(() -> store.find(key.keyId()));
    Future<List<OutboxRecord>> outboxReader = threads.submit(() -> store.pendingRecords(10));
    Thread.sleep(300);

    assertThat(reader.isDone() && reader.get().orElseThrow().versions().size() == 2)
        .as("a reader saw the new version while its fsync was still under way")
        .isFalse();
    assertThat(outboxReader.isDone() && outboxReader.get().size() == 2)
        .as("the outbox showed the record while its fsync was still under way")
        .isFalse();
    release.countDown();
    assertThat(writer.get(10, TimeUnit.SECONDS).revision()).isEqualTo(2);
    assertThat(reader.get(10, TimeUnit.SECONDS).orElseThrow().versions()).hasSize(2);
  }

  /** One write of each kind, on a store holding {@code key} and {@code alias/existing}. */
  private record Write(String name, BiConsumer<MvStoreKeyStore, OutboxRecord> write) {}

  private static List<Write> writes(KmsKey key, KmsKey other) {
    return List.of(
        new Write("create", (s, r) -> s.create(enabledKey().build(), r)),
        new Write("update", (s, r) -> s.update(KeyFixtures.withNewVersion(key, NOW), r)),
        new Write("delete", (s, r) -> s.delete(key.keyId(), key.revision(), r)),
        new Write("createAlias", (s, r) -> s.createAlias(alias("alias/new", key.keyId()), r)),
        new Write(
            "updateAlias", (s, r) -> s.updateAlias(alias("alias/existing", other.keyId()), r)),
        new Write("deleteAlias", (s, r) -> s.deleteAlias("alias/existing", r)));
  }

  /** What the store holds, as far as these writes can change it. */
  private static List<Object> contents(MvStoreKeyStore s, KeyId key) {
    return List.of(
        s.listKeys(null, 100).items(),
        s.find(key),
        s.listAliases(null, null, 100).items(),
        s.pendingRecords(100));
  }

  @Test
  void everyWrite_whoseFileWriteFails_storesNeitherChangeNorRecord_inMemoryOrInTheFile() {
    for (int i = 0; i < 6; i++) {
      Path file = dir.resolve("write-" + i + ".mv.db");
      store = MvStoreKeyStore.open(file, FaultyFilePath.of(file), MvStoreKeyStore.DEFAULT_REGION);
      KmsKey key = store.create(enabledKey().build(), auditRecord());
      KmsKey other = store.create(enabledKey().build(), auditRecord());
      store.createAlias(alias("alias/existing", key.keyId()), auditRecord());
      Write write = writes(key, other).get(i);
      List<Object> before = contents(store, key.keyId());
      FaultyFilePath.failWrites(true);

      assertThatThrownBy(() -> write.write().accept(store, auditRecord()))
          .as(write.name())
          .isInstanceOf(StoreUnavailableException.class);
      FaultyFilePath.failWrites(false);
      boolean stillOpen = isOpen(store);
      if (stillOpen) {
        assertThat(contents(store, key.keyId())).as(write.name() + ", in memory").isEqualTo(before);
      }
      closeQuietly(store);

      store = MvStoreKeyStore.open(file);
      assertThat(contents(store, key.keyId())).as(write.name() + ", in the file").isEqualTo(before);
      store.close();
      store = null;
    }
  }

  @Test
  void aFailedFsync_closesTheStore_andTheFileHoldsTheChangeWithItsRecordOrNeither() {
    for (int i = 0; i < 6; i++) {
      Path file = dir.resolve("sync-" + i + ".mv.db");
      store = MvStoreKeyStore.open(file, FaultyFilePath.of(file), MvStoreKeyStore.DEFAULT_REGION);
      KmsKey key = store.create(enabledKey().build(), auditRecord());
      KmsKey other = store.create(enabledKey().build(), auditRecord());
      store.createAlias(alias("alias/existing", key.keyId()), auditRecord());
      Write write = writes(key, other).get(i);
      List<Object> before = contents(store, key.keyId());
      OutboxRecord record = auditRecord();
      FaultyFilePath.failSync(true);

      assertThatThrownBy(() -> write.write().accept(store, record))
          .as(write.name())
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("may not be durable");
      MvStoreKeyStore failed = store;
      assertThatThrownBy(() -> failed.find(key.keyId()))
          .as("nobody reads what may not be durable")
          .isInstanceOf(StoreUnavailableException.class);
      FaultyFilePath.failSync(false);
      closeQuietly(store);

      store = MvStoreKeyStore.open(file);
      List<Object> after = contents(store, key.keyId());
      boolean recorded = store.pendingRecords(100).contains(record);
      assertThat(recorded ? !after.equals(before) : after.equals(before))
          .as(write.name() + ": the change is in the file exactly when its record is")
          .isTrue();
      store.close();
      store = null;
    }
  }

  private static boolean isOpen(MvStoreKeyStore s) {
    try {
      s.pendingRecords(1);
      return true;
    } catch (StoreUnavailableException closed) {
      return false;
    }
  }

  private static void closeQuietly(MvStoreKeyStore s) {
    try {
      s.close();
    } catch (StoreUnavailableException ignored) {
      // a store that failed may fail to close too; the file is what the test checks
    }
  }
}
