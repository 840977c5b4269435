package dev.serverlesskms.functions.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.EnableKeyRotationRequest;
import dev.serverlesskms.core.api.ScheduleKeyDeletionRequest;
import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.StoreUnavailableException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import dev.serverlesskms.testkit.MutableClock;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lifecycle run that dies between its steps (the new key version generated in the enclave, the
 * store write not done) loses nothing and duplicates nothing: the key is still due, and the next
 * run does the work exactly once. The crash is the real store refusing the write (as an outage
 * would).
 */
class LifecycleCrashTest {
  private static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");
  private static final RequestContext CONTEXT =
      new RequestContext(
          "crash",
          new Caller(
              "Root", "111122223333", "arn:aws:iam::111122223333:root", "111122223333", "AKID"),
          null,
          null);

  @TempDir Path dir;

  @Test
  void runInterruptedBeforeItsWrite_leavesTheKeyDue_andTheNextRunRotatesAndDeletesOnce()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicBoolean outage = new AtomicBoolean(false);
    byte[] root = new byte[32];
    new SecureRandom().nextBytes(root);
    try (MvStoreKeyStore real = MvStoreKeyStore.inMemory();
        KeyVersionEnclave enclave =
            new KeyVersionEnclave(
                RootKeySecret.decode(Base64.getEncoder().encodeToString(root)),
                new SecureRandom(),
                10);
        JsonLinesAuditSink audit = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false)) {
      KeyStore store = writesFailDuring(real, outage);
      KmsEnvironment env = new KmsEnvironment(LOCATION, store, enclave, clock);
      Kms kms = new Kms(env, audit);
      KeyLifecycleJob job = new KeyLifecycleJob(env, new AuditRecorder(audit, LOCATION));

      String rotating = create(kms);
      kms.invoke(kms.enableKeyRotation, new EnableKeyRotationRequest(rotating, 90), CONTEXT);
      String doomed = create(kms);
      kms.invoke(kms.scheduleKeyDeletion, new ScheduleKeyDeletionRequest(doomed, 7), CONTEXT);
      clock.advance(Duration.ofDays(91));

      outage.set(true);
      LifecycleSummary crashed = job.run();
      assertThat(crashed.failures()).hasSize(2);
      assertThat(real.find(new KeyId(rotating)).orElseThrow().versions())
          .as("no version half-written")
          .hasSize(1);
      assertThat(real.find(new KeyId(doomed))).isPresent();
      assertThat(real.findDue(clock.instant(), 10)).hasSize(2);

      outage.set(false);
      LifecycleSummary recovered = job.run();
      assertThat(recovered.rotated()).isEqualTo(1);
      assertThat(recovered.deleted()).isEqualTo(1);
      assertThat(job.run().rotated()).isZero();
      KmsKey key = real.find(new KeyId(rotating)).orElseThrow();
      assertThat(key.versions()).as("exactly one new version").hasSize(2);
      assertThat(real.find(new KeyId(doomed))).isEmpty();
    }
  }

  private static String create(Kms kms) {
    return kms.invoke(
            kms.createKey,
            new CreateKeyRequest(
                null, "crash", null, null, null, null, null, null, null, null, null),
            CONTEXT)
        .keyMetadata()
        .keyId();
  }

  /** The real store, whose writes fail while {@code outage} is set (reads keep working). */
  private static KeyStore writesFailDuring(KeyStore real, AtomicBoolean outage) {
    return (KeyStore)
        Proxy.newProxyInstance(
            KeyStore.class.getClassLoader(),
            new Class<?>[] {KeyStore.class},
            (proxy, method, args) -> {
              if (outage.get()
                  && (method.getName().equals("update") || method.getName().equals("delete"))) {
                throw new StoreUnavailableException("simulated crash before the write", null);
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
