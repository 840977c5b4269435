package dev.serverlesskms.bench;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeyFile;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link Kms} facade wired as the local server wires it by default, in a temporary directory of
 * its own: the file-backed embedded store ({@code keys.mv.db}), the software enclave with its root
 * key file and a 1000-entry version-key cache, and the JSON-lines audit log without fsync. {@link
 * #close} closes everything and deletes the directory.
 */
final class BenchKms implements AutoCloseable {
  static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");

  /** The encryption context every benchmark and the load generator send. */
  static final Map<String, String> ENCRYPTION_CONTEXT =
      Map.of("purpose", "benchmark", "tenant", "acme");

  static final RequestContext REQUEST =
      new RequestContext(
          "benchmark",
          new Caller(
              "IAMUser",
              "AKIDBENCH",
              "arn:aws:iam::111122223333:user/bench",
              "111122223333",
              "AKIDBENCH"),
          "127.0.0.1",
          "kms-benchmarks");

  /**
   * The account root, which creates the keys (CreateKey is IAM-only; a root needs no IAM policy).
   */
  static final RequestContext ROOT =
      new RequestContext(
          "benchmark-root",
          new Caller(
              "Root", "111122223333", "arn:aws:iam::111122223333:root", "111122223333", "AKIDROOT"),
          "127.0.0.1",
          "kms-benchmarks");

  /**
   * The key policy of the benchmark keys: ten statements, as a platform team writes them (admins, a
   * deny, roles, conditions), of which the last allows the bench user the data path under an
   * encryption-context condition: every request evaluates all ten.
   */
  static final String TEN_STATEMENT_POLICY = TenStatementPolicy.TEXT;

  private static final int ENCLAVE_CACHE_ENTRIES = 1000;

  final Kms kms;
  private final Path dir;
  private final MvStoreKeyStore store;
  private final KeyVersionEnclave enclave;
  private final JsonLinesAuditSink audit;

  private BenchKms(Path dir) {
    this.dir = dir;
    this.store = MvStoreKeyStore.open(dir.resolve("keys.mv.db"));
    this.enclave =
        new KeyVersionEnclave(
            RootKeyFile.openOrCreate(dir.resolve("root-key")),
            new SecureRandom(),
            ENCLAVE_CACHE_ENTRIES);
    this.audit = new JsonLinesAuditSink(dir.resolve("audit.jsonl"), false);
    this.kms = new Kms(new KmsEnvironment(LOCATION, store, enclave, Clock.systemUTC()), audit);
  }

  static BenchKms open() {
    try {
      return new BenchKms(Files.createTempDirectory("kms-bench-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates a symmetric encryption key with the ten-statement policy, as the account root; returns
   * its key id. The bench user ({@link #REQUEST}) may use it through the policy alone.
   */
  String createKey() {
    return kms.invoke(
            kms.createKey,
            new CreateKeyRequest(
                TEN_STATEMENT_POLICY,
                "benchmark",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            ROOT)
        .keyMetadata()
        .keyId();
  }

  /** The key store under the facade, to read a key as the operations do. */
  MvStoreKeyStore store() {
    return store;
  }

  @Override
  public void close() {
    try (store;
        enclave;
        audit) {
      // closed in reverse order by try-with-resources
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
