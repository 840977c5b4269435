package dev.serverlesskms.functions.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.RotateKeyOnDemandRequest;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rotations (on demand and by the scheduled job), disables, enables, tag writes and encrypt/decrypt
 * racing on the same keys, on each real key store: no update is lost (every successful rotation
 * left exactly one version, every successful tag write its tag, the due rotation happened exactly
 * once), and every ciphertext made during the race decrypts afterwards.
 */
class KeyConcurrencyTest {
  private static final int KEYS = 3;
  private static final int THREADS = 8;
  private static final int OPERATIONS_PER_THREAD = 60;
  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final RequestContext CONTEXT =
      new RequestContext(
          "race",
          new Caller(
              "Root", "111122223333", "arn:aws:iam::111122223333:root", "111122223333", "AKID"),
          "127.0.0.1",
          "test");

  @TempDir Path dir;

  static Stream<Arguments> stores() {
    return Stream.concat(
        Stream.of(
            Arguments.of(
                "MVStore (embedded)",
                (Supplier<KeyStore>) dev.serverlesskms.local.MvStoreKeyStore::inMemory)),
        ConcurrencyStores.additional());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void racingChanges_loseNoUpdate_andEveryCiphertextDecrypts(
      String name, Supplier<KeyStore> storeFactory) throws Exception {
    KeyStore store = storeFactory.get();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    byte[] rootKey = new byte[32];
    new SecureRandom().nextBytes(rootKey);
    try (KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(Base64.getEncoder().encodeToString(rootKey)),
                new SecureRandom(),
                100);
        JsonLinesAuditSink audit = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false)) {
      KmsEnvironment env = new KmsEnvironment(LOCATION, store, enclave, clock);
      Kms kms = new Kms(env, audit);
      KeyLifecycleJob job = new KeyLifecycleJob(env, new AuditRecorder(audit, LOCATION));

      List<String> keyIds = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        String keyId =
            kms.invoke(
                    kms.createKey,
                    new CreateKeyRequest(
                        null, "race " + i, null, null, null, null, null, null, null, null, null),
                    CONTEXT)
                .keyMetadata()
                .keyId();
        kms.invoke(kms.enableKeyRotation, new EnableKeyRotationRequest(keyId, 90), CONTEXT);
        keyIds.add(keyId);
      }
      clock.advance(Duration.ofDays(91)); // every key's automatic rotation is now due, once

      Map<String, AtomicInteger> onDemand = new ConcurrentHashMap<>();
      Map<String, List<String>> tagsWritten = new ConcurrentHashMap<>();
      Map<byte[], String> ciphertexts = new ConcurrentHashMap<>();
      keyIds.forEach(
          k -> {
            onDemand.put(k, new AtomicInteger());
            tagsWritten.put(k, java.util.Collections.synchronizedList(new ArrayList<>()));
          });

      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    String keyId = keyIds.get(random.nextInt(KEYS));
                    int choice = random.nextInt(10);
                    try {
                      switch (choice) {
                        case 0 -> {
                          if (onDemand.get(keyId).get() < 20) {
                            kms.invoke(
                                kms.rotateKeyOnDemand,
                                new RotateKeyOnDemandRequest(keyId),
                                CONTEXT);
                            onDemand.get(keyId).incrementAndGet();
                          }
                        }
                        case 1 -> kms.invoke(kms.disableKey, new DisableKeyRequest(keyId), CONTEXT);
                        case 2 -> kms.invoke(kms.enableKey, new EnableKeyRequest(keyId), CONTEXT);
                        case 3 -> {
                          String tagKey = "t" + thread + "-" + i;
                          if (tagsWritten.get(keyId).size() < 40) {
                            kms.invoke(
                                kms.tagResource,
                                new TagResourceRequest(keyId, List.of(new Tag(tagKey, "v"))),
                                CONTEXT);
                            tagsWritten.get(keyId).add(tagKey);
                          }
                        }
                        case 4 -> job.run();
                        default -> {
                          String plaintext = "t" + thread + " op" + i + " " + random.nextLong();
                          byte[] blob =
                              kms.invoke(
                                      kms.encrypt,
                                      new EncryptRequest(
                                          keyId,
                                          plaintext.getBytes(StandardCharsets.UTF_8),
                                          Map.of("thread", "" + thread),
                                          null,
                                          null,
                                          null),
                                      CONTEXT)
                                  .ciphertextBlob();
                          ciphertexts.put(blob, plaintext + "|" + thread);
                        }
                      }
                    } catch (KmsException e) {
                      // The refusals AWS makes in this race: a key disabled by another thread, an
                      // on-demand
                      // rotation while the automatic one is due (ConflictException), and a hot key
                      // throttled
                      // (ThrottlingException). A refused change is not counted, so none can hide a
                      // lost update.
                      assertThat(e.type())
                          .as(e.getMessage())
                          .isIn(
                              KmsErrorType.DISABLED,
                              KmsErrorType.CONFLICT,
                              KmsErrorType.THROTTLING);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(3, TimeUnit.MINUTES);
      }
      pool.shutdown();
      keyIds.forEach(k -> kms.invoke(kms.enableKey, new EnableKeyRequest(k), CONTEXT));
      job.run(); // a key that was disabled all along the race rotates now

      for (String keyId : keyIds) {
        KmsKey key = store.find(new KeyId(keyId)).orElseThrow();
        long automatic =
            key.versions().stream().filter(v -> v.rotationType() == RotationType.AUTOMATIC).count();
        long onDemandVersions =
            key.versions().stream().filter(v -> v.rotationType() == RotationType.ON_DEMAND).count();
        assertThat(automatic).as("%s: the due rotation happened exactly once", keyId).isEqualTo(1);
        assertThat(onDemandVersions)
            .as("%s: every on-demand rotation left one version", keyId)
            .isEqualTo(onDemand.get(keyId).get());
        assertThat(key.rotation().onDemandRotations()).isEqualTo(onDemand.get(keyId).get());
        assertThat(key.tags())
            .extracting(Tag::tagKey)
            .as("%s: every tag write kept", keyId)
            .containsExactlyInAnyOrderElementsOf(tagsWritten.get(keyId));
        assertThat(key.versions()).extracting(KeyVersion::materialId).doesNotHaveDuplicates();
      }
      // every ciphertext of the race decrypts (checked concurrently: one store read each)
      assertThat(ciphertexts).isNotEmpty();
      ExecutorService checkers = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> checks = new ArrayList<>();
      for (Map.Entry<byte[], String> entry : ciphertexts.entrySet()) {
        checks.add(
            checkers.submit(
                () -> {
                  String[] expected = entry.getValue().split("\\|");
                  byte[] plaintext =
                      kms.invoke(
                              kms.decrypt,
                              new DecryptRequest(
                                  entry.getKey(),
                                  Map.of("thread", expected[1]),
                                  null,
                                  null,
                                  null,
                                  null),
                              CONTEXT)
                          .plaintext();
                  assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(expected[0]);
                }));
      }
      for (Future<?> check : checks) {
        check.get(3, TimeUnit.MINUTES);
      }
      checkers.shutdown();
    } finally {
      if (store instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
