package dev.serverlesskms.bench;

import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.util.LinkedHashMap;
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
 * unsigned byte sort, length-prefixed encoding).
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

  @Setup
  public void setUp() {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KeyId.random(), 1));
    // parse does not authenticate: random bytes of the sealed length (nonce + ciphertext + tag) do.
    blob32 = CiphertextBlobCodec.encode(header, FacadeBenchmark.randomBytes(32 + CiphertextBlobCodec.SEALED_OVERHEAD));
    blob4096 = CiphertextBlobCodec.encode(header, FacadeBenchmark.randomBytes(4096 + CiphertextBlobCodec.SEALED_OVERHEAD));
    context2 = BenchKms.ENCRYPTION_CONTEXT;
    context10 = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      context10.put("key-" + i, "value-" + i + "-é");
    }
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
}
