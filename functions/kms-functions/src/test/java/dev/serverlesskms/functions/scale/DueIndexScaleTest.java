package dev.serverlesskms.functions.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.AuditRecorder;
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
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduled job finds its work through the due index: with 10,000 keys of which 10 are due, a
 * run reads only the due ones (counted by the store itself) and rotates exactly those 10.
 */
class DueIndexScaleTest {
  private static final int KEYS = 10_000;
  private static final int DUE = 10;
  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;

  /** A store and the function that reads its items-read counter. */
  record CountingStore(KeyStore store, ToLongFunction<KeyStore> itemsRead) {}

  static Stream<Arguments> stores() {
    return Stream.concat(
        Stream.of(
            Arguments.of(
                "MVStore (embedded)",
                (java.util.function.Supplier<CountingStore>)
                    () ->
                        new CountingStore(
                            dev.serverlesskms.local.MvStoreKeyStore.inMemory(),
                            s -> ((dev.serverlesskms.local.MvStoreKeyStore) s).itemsRead()))),
        ScaleStores.additional());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void jobReadsOnlyTheDueKeys(String name, java.util.function.Supplier<CountingStore> factory)
      throws Exception {
    CountingStore counting = factory.get();
    KeyStore store = counting.store();
    SecureRandom random = new SecureRandom();
    java.util.concurrent.ExecutorService loaders =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<KmsKey>> created = new java.util.ArrayList<>();
    // Keys made long ago, their audit records long delivered: the load shares one record (one
    // outbox entry, written over), removed before the run, so the run finds the outbox empty.
    var loaded = KeyFixtures.auditRecord();
    for (int i = 0; i < KEYS; i++) {
      boolean due = i % (KEYS / DUE) == 0;
      Instant next = due ? NOW.minus(Duration.ofHours(1)) : NOW.plus(Duration.ofDays(30 + i % 300));
      created.add(loaders.submit(() -> store.create(key(random, next), loaded)));
    }
    for (java.util.concurrent.Future<KmsKey> key : created) {
      key.get(5, java.util.concurrent.TimeUnit.MINUTES);
    }
    loaders.shutdown();
    store.removeRecord(loaded.id());
    byte[] rootKey = new byte[32];
    random.nextBytes(rootKey);
    try (KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(java.util.Base64.getEncoder().encodeToString(rootKey)),
                random,
                10);
        JsonLinesAuditSink audit = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false)) {
      KeyLifecycleJob job =
          new KeyLifecycleJob(
              new KmsEnvironment(LOCATION, store, enclave, new MutableClock(NOW)),
              new AuditRecorder(audit, LOCATION));

      long before = counting.itemsRead().applyAsLong(store);
      LifecycleSummary summary = job.run();
      long read = counting.itemsRead().applyAsLong(store) - before;

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
