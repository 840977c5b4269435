package dev.serverlesskms.bench;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request bookkeeping outside the enclave: parsing a ciphertext blob (length and format
 * checks, CRC-32C header check, copies) and canonicalizing an encryption context (strict UTF-8,
 * unsigned byte sort, length-prefixed encoding) and writing one audit line (an Encrypt record, as
 * the JSON-lines sink writes it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {
  private byte[] blob32;
  private byte[] blob4096;
  private Map<String, String> context2;
  private Map<String, String> context10;
  private AuditEvent encryptRecord;
  private final StringBuilder auditLine = new StringBuilder(1024);

  @Setup
  public void setUp() {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KeyId.random(), 1));
    // parse does not authenticate: random bytes of the sealed length (nonce + ciphertext + tag) do.
    blob32 =
        CiphertextBlobCodec.encode(
            header, FacadeBenchmark.randomBytes(32 + CiphertextBlobCodec.SEALED_OVERHEAD));
    blob4096 =
        CiphertextBlobCodec.encode(
            header, FacadeBenchmark.randomBytes(4096 + CiphertextBlobCodec.SEALED_OVERHEAD));
    context2 = BenchKms.ENCRYPTION_CONTEXT;
    context10 = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      context10.put("key-" + i, "value-" + i + "-é");
    }
    String keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    encryptRecord =
        new AuditEvent(
            "1.11",
            Instant.parse("2026-12-04T17:45:03Z"),
            "Encrypt",
            "kms.amazonaws.com",
            "us-east-1",
            "6f1e2b7c-3a41-4d2e-9b0a-7c5d1e2f3a4b",
            "0b9f8e7d-6c5b-4a39-8271-605f4e3d2c1b",
            new AuditEvent.UserIdentity(
                "IAMUser",
                "AKIDBENCH",
                "arn:aws:iam::111122223333:user/bench",
                "111122223333",
                "AKIDBENCH",
                null),
            "127.0.0.1",
            "aws-sdk-java/2.39.6 ua/2.1 os/Linux lang/java#17.0.15 md/internal",
            Map.of(
                "keyId",
                keyArn,
                "encryptionAlgorithm",
                "SYMMETRIC_DEFAULT",
                "encryptionContext",
                context2),
            null,
            null,
            null,
            List.of(new AuditEvent.Resource("111122223333", "AWS::KMS::Key", keyArn)),
            true,
            "AwsApiCall",
            "111122223333",
            null);
  }

  @Benchmark
  public CiphertextBlob parse32() {
    return CiphertextBlobCodec.parse(blob32);
  }

  @Benchmark
  public CiphertextBlob parse4096() {
    return CiphertextBlobCodec.parse(blob4096);
  }

  @Benchmark
  public EncryptionContext canonicalizeContext2() {
    return EncryptionContext.of(context2, "EncryptionContext");
  }

  @Benchmark
  public EncryptionContext canonicalizeContext10() {
    return EncryptionContext.of(context10, "EncryptionContext");
  }

  @Benchmark
  public int auditLineEncrypt() {
    auditLine.setLength(0);
    AuditEventJson.appendJson(auditLine, encryptRecord);
    return auditLine.length();
  }
}
