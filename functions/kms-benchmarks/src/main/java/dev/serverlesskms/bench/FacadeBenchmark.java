package dev.serverlesskms.bench;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.operation.Kms;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data path through the {@link Kms} facade, in process, as the local server runs it minus the
 * wire (HTTP, SigV4, JSON): key lookup in the embedded store, policy and state checks, the enclave,
 * the ciphertext format and one audit record per call ({@link BenchKms}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// Longer warm-up than the other classes: the facade path (operations, audit JSON, MVStore) needs
// about
// 10 s of JIT on two busy cores before its throughput levels off; 3 x 1 s measured the compiler.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class FacadeBenchmark {
  private BenchKms fixture;
  private Kms kms;
  private String keyId;
  private byte[] plaintext32;
  private byte[] plaintext4096;
  private byte[] ciphertext32;
  private byte[] ciphertext4096;

  @Setup
  public void setUp() {
    fixture = BenchKms.open();
    kms = fixture.kms;
    keyId = fixture.createKey();
    plaintext32 = randomBytes(32);
    plaintext4096 = randomBytes(4096);
    ciphertext32 = encrypt(plaintext32);
    ciphertext4096 = encrypt(plaintext4096);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] encrypt32() {
    return encrypt(plaintext32);
  }

  @Benchmark
  public byte[] encrypt4096() {
    return encrypt(plaintext4096);
  }

  @Benchmark
  public byte[] decrypt32() {
    return decrypt(ciphertext32);
  }

  @Benchmark
  public byte[] decrypt4096() {
    return decrypt(ciphertext4096);
  }

  @Benchmark
  public byte[] generateDataKeyAes256() {
    return kms.invoke(
            kms.generateDataKey,
            new GenerateDataKeyRequest(
                keyId, BenchKms.ENCRYPTION_CONTEXT, null, DataKeySpec.AES_256, null, null),
            BenchKms.REQUEST)
        .ciphertextBlob();
  }

  /** Latency distribution of {@link #encrypt32}: percentiles, not just the mean. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] encrypt32Latency() {
    return encrypt(plaintext32);
  }

  /** Latency distribution of {@link #decrypt32}. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] decrypt32Latency() {
    return decrypt(ciphertext32);
  }

  private byte[] encrypt(byte[] plaintext) {
    return kms.invoke(
            kms.encrypt,
            new EncryptRequest(keyId, plaintext, BenchKms.ENCRYPTION_CONTEXT, null, null, null),
            BenchKms.REQUEST)
        .ciphertextBlob();
  }

  private byte[] decrypt(byte[] ciphertext) {
    return kms.invoke(
            kms.decrypt,
            new DecryptRequest(ciphertext, BenchKms.ENCRYPTION_CONTEXT, null, null, null, null),
            BenchKms.REQUEST)
        .plaintext();
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
