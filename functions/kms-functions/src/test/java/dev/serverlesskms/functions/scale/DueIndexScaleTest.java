package dev.serverlesskms.functions.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduled job finds its work through the due index: with 10,000 keys of which 10 are due, a
 * run reads only the due ones (counted by the store itself) and rotates exactly those 10. The keys
 * are written straight into each store (DynamoDB: BatchWriteItem of the store's own items), not
 * created one by one, which would take most of a minute in DynamoDB Local; the job's run is what is
 * measured.
 */
class DueIndexScaleTest {
  private static final int KEYS = 10_000;
  private static final int DUE = 10;
  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;

  /** A store holding the keys it was loaded with, and the function that reads its counter. */
  record LoadedStore(KeyStore store, ToLongFunction<KeyStore> itemsRead) {}

  /** Fills a new store of one kind with keys. */
  interface StoreLoader extends Function<List<KmsKey>, LoadedStore> {}

  static Stream<Arguments> stores() {
    StoreLoader mvStore =
        keys -> {
          MvStoreKeyStore store = MvStoreKeyStore.inMemory();
          // Keys made long ago, their audit records long delivered: the load shares one outbox
          // record, written over and removed before the run.
          OutboxRecord loaded = KeyFixtures.auditRecord();
          keys.forEach(key -> store.create(key, loaded));
          store.removeRecord(loaded.id());
          return new LoadedStore(store, s -> ((MvStoreKeyStore) s).itemsRead());
        };
    return Stream.concat(
        Stream.of(Arguments.of("MVStore (embedded)", mvStore)), ScaleStores.additional());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void jobReadsOnlyTheDueKeys(String name, StoreLoader loader) throws Exception {
    SecureRandom random = new SecureRandom();
    List<KmsKey> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      boolean due = i % (KEYS / DUE) == 0;
      Instant next = due ? NOW.minus(Duration.ofHours(1)) : NOW.plus(Duration.ofDays(30 + i % 300));
      keys.add(key(random, next));
    }
    LoadedStore loaded = loader.apply(keys);
    KeyStore store = loaded.store();
    byte[] rootKey = new byte[32];
    random.nextBytes(rootKey);
    try (KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(Base64.getEncoder().encodeToString(rootKey)), random, 10);
        JsonLinesAuditSink audit = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false)) {
      KeyLifecycleJob job =
          new KeyLifecycleJob(
              new KmsEnvironment(LOCATION, store, enclave, new MutableClock(NOW)),
              new AuditRecorder(audit, LOCATION));

      long before = loaded.itemsRead().applyAsLong(store);
      LifecycleSummary summary = job.run();
      long read = loaded.itemsRead().applyAsLong(store) - before;

      assertThat(summary.rotated()).isEqualTo(DUE);
      assertThat(summary.failures()).isEmpty();
      // Each due key: its index entry, its record (one or two reads), nothing of the other 9,990.
      assertThat(read)
          .as("items read by one run over %d keys, %d due", KEYS, DUE)
          .isLessThanOrEqualTo(4L * DUE);
      assertThat(job.run().rotated()).as("a second run finds nothing due").isZero();
    } finally {
      if (store instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private static KmsKey key(SecureRandom random, Instant nextRotation) {
    KeyId id = KeyId.random();
    byte[] wrapped = new byte[61];
    random.nextBytes(wrapped);
    byte[] material = new byte[32];
    random.nextBytes(material);
    return KmsKey.builder()
        .keyId(id)
        .arn(LOCATION.keyArn(id))
        .creationDate(NOW.minus(Duration.ofDays(400)))
        .policy("{}")
        .versions(
            List.of(
                new KeyVersion(
                    1,
                    HexFormat.of().formatHex(material),
                    new WrappedKey(wrapped),
                    NOW.minus(Duration.ofDays(400)),
                    null)))
        .rotation(new RotationSchedule(true, 365, nextRotation, null, 0))
        .build();
  }
}
