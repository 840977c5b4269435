package dev.serverlesskms.local;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.testkit.KeyFixtures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child process of {@link MvStoreKillTest}: opens the file store and writes to it from two
 * threads while two more read, until it is killed. It reports on stdout every write the store
 * acknowledged ({@code ACK <keyId> <revision> <versions> <recordId>}) and every key state a reader
 * saw ({@code SEEN <keyId> <revision> <versions>}), each line after the call returned.
 */
public final class MvStoreWriterProcess {
  /** Writes per process at most, so that the outbox stays within one page of pendingRecords. */
  static final int MAX_WRITES = 600;

  private static final PrintStream OUT = System.out;
  private static final List<KeyId> KEYS = new CopyOnWriteArrayList<>();

  private MvStoreWriterProcess() {}

  public static void main(String[] args) throws Exception {
    MvStoreKeyStore store = MvStoreKeyStore.open(Path.of(args[0]));
    KEYS.addAll(store.listKeys(null, 1000).items());
    report("READY");
    Thread[] threads = {
      new Thread(() -> write(store, MAX_WRITES / 2)),
      new Thread(() -> write(store, MAX_WRITES / 2)),
      new Thread(() -> read(store)),
      new Thread(() -> read(store))
    };
    for (Thread thread : threads) {
      thread.start();
    }
    threads[0].join();
    threads[1].join();
    report("DONE");
    Thread.sleep(60_000); // waits to be killed
  }

  private static void write(MvStoreKeyStore store, int writes) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < writes; i++) {
      OutboxRecord record = KeyFixtures.auditRecord();
      if (KEYS.size() < 5 || random.nextInt(10) == 0) {
        KmsKey created = store.create(KeyFixtures.enabledKey().build(), record);
        KEYS.add(created.keyId());
        ack(created, record);
        continue;
      }
      KmsKey current = store.find(KEYS.get(random.nextInt(KEYS.size()))).orElseThrow();
      KmsKey changed =
          random.nextBoolean()
              ? KeyFixtures.withNewVersion(current, Instant.now()) // a rotation
              : current.toBuilder()
                  .state(current.state() == KeyState.ENABLED ? KeyState.DISABLED : KeyState.ENABLED)
                  .build();
      try {
        ack(store.update(changed, record), record);
      } catch (StoreConflictException lost) {
        // the other writer changed it first; nothing was written
      }
    }
  }

  private static void read(MvStoreKeyStore store) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      try {
        Thread.sleep(1); // a steady read load, not a flood of lines for the parent to read
      } catch (InterruptedException e) {
        return;
      }
      if (KEYS.isEmpty()) {
        continue;
      }
      store
          .find(KEYS.get(random.nextInt(KEYS.size())))
          .ifPresent(
              key ->
                  report(
                      "SEEN " + key.keyId() + " " + key.revision() + " " + key.versions().size()));
    }
  }

  private static void ack(KmsKey stored, OutboxRecord record) {
    report(
        "ACK "
            + stored.keyId()
            + " "
            + stored.revision()
            + " "
            + stored.versions().size()
            + " "
            + record.id());
  }

  private static void report(String line) {
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }
}
