package dev.serverlesskms.bench;

import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.WrappedKey;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeySecret;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * The software enclave alone: what Encrypt, Decrypt and GenerateDataKey spend inside the HSM
 * boundary (version key from the cache, HKDF per-message key, AES-256-GCM), with the same AAD the
 * facade passes (ciphertext header and canonical encryption context).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EnclaveBenchmark {
  private static final int DATA_KEY_BYTES = 32; // AES_256

  private KeyVersionEnclave enclave;
  private KeyVersionRef ref;
  private WrappedKey versionKey;
  private byte[] aad;
  private byte[] plaintext32;
  private byte[] plaintext4096;
  private byte[] sealed32;
  private byte[] sealed4096;
  private Cipher rawCipher;
  private SecretKeySpec rawKey;
  private int ivCounter;

  @Setup
  public void setUp() {
    byte[] rootKey = new byte[32];
    new SecureRandom().nextBytes(rootKey);
    enclave =
        new KeyVersionEnclave(
            RootKeySecret.decode(Base64.getEncoder().encodeToString(rootKey)),
            new SecureRandom(),
            1000);
    ref = new KeyVersionRef(KeyId.random(), 1);
    versionKey = enclave.generateKeyVersion(ref).material();
    aad =
        CiphertextBlobCodec.aad(
            CiphertextBlobCodec.header(ref),
            EncryptionContext.of(BenchKms.ENCRYPTION_CONTEXT, "EncryptionContext"));
    plaintext32 = FacadeBenchmark.randomBytes(32);
    plaintext4096 = FacadeBenchmark.randomBytes(4096);
    sealed32 = enclave.seal(ref, versionKey, plaintext32, aad);
    sealed4096 = enclave.seal(ref, versionKey, plaintext4096, aad);
    try {
      rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    rawKey = new SecretKeySpec(FacadeBenchmark.randomBytes(32), "AES");
  }

  @TearDown
  public void tearDown() {
    enclave.close();
  }

  @Benchmark
  public byte[] seal32() {
    return enclave.seal(ref, versionKey, plaintext32, aad);
  }

  @Benchmark
  public byte[] seal4096() {
    return enclave.seal(ref, versionKey, plaintext4096, aad);
  }

  @Benchmark
  public byte[] open32() {
    return enclave.open(ref, versionKey, sealed32, aad);
  }

  @Benchmark
  public byte[] open4096() {
    return enclave.open(ref, versionKey, sealed4096, aad);
  }

  /**
   * Latency distribution of {@link #seal32}, to set beside {@code
   * FacadeBenchmark.encrypt32Latency}.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] seal32Latency() {
    return enclave.seal(ref, versionKey, plaintext32, aad);
  }

  /**
   * Latency distribution of {@link #open32}, to set beside {@code
   * FacadeBenchmark.decrypt32Latency}.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] open32Latency() {
    return enclave.open(ref, versionKey, sealed32, aad);
  }

  /**
   * The baseline of issue 13's ratio: raw AES-256-GCM of the same 4 KB on the JDK (a fresh IV, the
   * same AAD), nothing else. {@link #seal4096} over this is the enclave's overhead.
   */
  @Benchmark
  public byte[] rawAesGcm4096() throws GeneralSecurityException {
    byte[] iv = new byte[12];
    ivCounter++;
    iv[0] = (byte) ivCounter;
    iv[1] = (byte) (ivCounter >>> 8);
    iv[2] = (byte) (ivCounter >>> 16);
    iv[3] = (byte) (ivCounter >>> 24);
    rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv));
    rawCipher.updateAAD(aad);
    return rawCipher.doFinal(plaintext4096);
  }

  @Benchmark
  public byte[] generateDataKeyAes256() {
    return enclave.generateDataKey(ref, versionKey, DATA_KEY_BYTES, aad).sealed();
  }
}
