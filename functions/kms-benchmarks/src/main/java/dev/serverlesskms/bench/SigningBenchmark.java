package dev.serverlesskms.bench;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.SignRequest;
import dev.serverlesskms.core.api.VerifyRequest;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.operation.Kms;
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
 * What a Sign costs the server against an Encrypt, in process through the {@link Kms} facade as
 * {@link FacadeBenchmark} measures the data path (store, policy, enclave, audit; no wire): Encrypt
 * of 32 bytes under a symmetric key, Sign and Verify of 32 bytes (RAW) with an ECC_NIST_P256 key,
 * and Sign with an RSA_2048 key for scale. Every call is the account root's under the default key
 * policy, so the authorization is the same for each and the difference is the cryptography.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class SigningBenchmark {
  private BenchKms fixture;
  private Kms kms;
  private String symmetricKey;
  private String eccKey;
  private String rsaKey;
  private byte[] message32;
  private byte[] eccSignature;

  @Setup
  public void setUp() {
    fixture = BenchKms.open();
    kms = fixture.kms;
    symmetricKey = createKey(null, null);
    eccKey = createKey(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
    rsaKey = createKey(KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY);
    message32 = FacadeBenchmark.randomBytes(32);
    eccSignature = signEccP256();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] encrypt32() {
    return kms.invoke(
            kms.encrypt,
            new EncryptRequest(symmetricKey, message32, null, null, null, null),
            BenchKms.ROOT)
        .ciphertextBlob();
  }

  @Benchmark
  public byte[] signEccP256() {
    return sign(eccKey, SigningAlgorithm.ECDSA_SHA_256);
  }

  @Benchmark
  public Boolean verifyEccP256() {
    return kms.invoke(
            kms.verify,
            new VerifyRequest(
                eccKey,
                message32,
                MessageType.RAW,
                eccSignature,
                SigningAlgorithm.ECDSA_SHA_256,
                null,
                null),
            BenchKms.ROOT)
        .signatureValid();
  }

  @Benchmark
  public byte[] signRsa2048() {
    return sign(rsaKey, SigningAlgorithm.RSASSA_PSS_SHA_256);
  }

  private byte[] sign(String keyId, SigningAlgorithm algorithm) {
    return kms.invoke(
            kms.sign,
            new SignRequest(keyId, message32, MessageType.RAW, null, algorithm, null),
            BenchKms.ROOT)
        .signature();
  }

  private String createKey(KeySpec spec, KeyUsage usage) {
    return kms.invoke(
            kms.createKey,
            new CreateKeyRequest(
                null, "signing benchmark", usage, null, spec, null, null, null, null, null, null),
            BenchKms.ROOT)
        .keyMetadata()
        .keyId();
  }
}
