package dev.serverlesskms.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.functions.json.BodyBlobs;
import dev.serverlesskms.functions.json.KmsJson;
import dev.serverlesskms.functions.local.LocalPrincipals;
import dev.serverlesskms.functions.local.SigV4Verifier;
import dev.serverlesskms.functions.local.SignedRequest;
import dev.serverlesskms.functions.principals.Principal;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The served request's wire path outside the facade, piece by piece: the SigV4 check of an Encrypt
 * 4 KB request as the AWS SDK signs it, reading Encrypt and Decrypt request bodies into the
 * kms-core records, and writing the Encrypt and Decrypt responses, all with the KMS's own JSON
 * dialect ({@link KmsJson}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireBenchmark {
  private static final Instant SIGNED_AT = Instant.parse("2026-01-01T12:00:00Z");
  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private ObjectMapper mapper;
  private ObjectReader encryptReader;
  private ObjectReader decryptReader;
  private SigV4Verifier verifier;
  private SignedRequest signedEncrypt4096;
  private byte[] encryptRequest4096;
  private byte[] decryptRequest4096;
  private EncryptResponse encryptResponse4096;
  private DecryptResponse decryptResponse4096;

  @Setup
  public void setUp() {
    mapper = KmsJson.newMapper();
    encryptReader = mapper.readerFor(EncryptRequest.class);
    decryptReader = mapper.readerFor(DecryptRequest.class);
    Clock clock = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    verifier =
        new SigV4Verifier(
            LocalPrincipals.load(
                Optional.of("test:test"), Optional.empty(), Optional.empty(), "000000000000"),
            "kms",
            Duration.ofMinutes(15),
            clock,
            "local");
    byte[] plaintext = FacadeBenchmark.randomBytes(4096);
    byte[] blob = FacadeBenchmark.randomBytes(4096 + 92);
    Base64.Encoder base64 = Base64.getEncoder();
    encryptRequest4096 =
        utf8(
            "{\"KeyId\":\""
                + KEY_ID
                + "\",\"Plaintext\":\""
                + base64.encodeToString(plaintext)
                + "\",\"EncryptionContext\":{\"purpose\":\"bench\"}}");
    decryptRequest4096 =
        utf8(
            "{\"CiphertextBlob\":\""
                + base64.encodeToString(blob)
                + "\",\"EncryptionContext\":{\"purpose\":\"bench\"}}");
    encryptResponse4096 =
        new EncryptResponse(
            blob,
            "arn:aws:kms:local:000000000000:key/" + KEY_ID,
            EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    decryptResponse4096 =
        new DecryptResponse(
            "arn:aws:kms:local:000000000000:key/" + KEY_ID,
            plaintext,
            EncryptionAlgorithm.SYMMETRIC_DEFAULT,
            null);
    signedEncrypt4096 = sdkSigned(encryptRequest4096, "TrentService.Encrypt", clock);
    verifier.verify(
        signedEncrypt4096); // fails the setup if the benchmark's request would not verify
  }

  @Benchmark
  public Principal sigV4VerifyEncrypt4096() {
    return verifier.verify(signedEncrypt4096);
  }

  /**
   * As the wire dispatcher reads a body: blobs decoded from the body's bytes ({@link BodyBlobs}).
   */
  @Benchmark
  public EncryptRequest readEncryptRequest4096() throws IOException {
    return BodyBlobs.readerOf(encryptReader, encryptRequest4096).readValue(encryptRequest4096);
  }

  @Benchmark
  public DecryptRequest readDecryptRequest4096() throws IOException {
    return BodyBlobs.readerOf(decryptReader, decryptRequest4096).readValue(decryptRequest4096);
  }

  /**
   * As a mapper reads it without the body at hand (Funqy's Lambda binding): through Jackson's text.
   */
  @Benchmark
  public EncryptRequest readEncryptRequest4096ViaText() throws IOException {
    return mapper.readValue(encryptRequest4096, EncryptRequest.class);
  }

  @Benchmark
  public DecryptRequest readDecryptRequest4096ViaText() throws IOException {
    return mapper.readValue(decryptRequest4096, DecryptRequest.class);
  }

  @Benchmark
  public byte[] writeEncryptResponse4096() throws IOException {
    return mapper.writeValueAsBytes(encryptResponse4096);
  }

  @Benchmark
  public byte[] writeDecryptResponse4096() throws IOException {
    return mapper.writeValueAsBytes(decryptResponse4096);
  }

  /** A KMS request as the AWS SDK for Java signs it (every header it has when it signs). */
  private static SignedRequest sdkSigned(byte[] body, String target, Clock clock) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:4599/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", target)
            .putHeader("amz-sdk-invocation-id", "5b3f2f7e-0000-4000-8000-000000000000")
            .putHeader("amz-sdk-request", "attempt=1; max=4")
            .putHeader("User-Agent", "aws-sdk-java/2.x benchmark")
            .build();
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("test", "test"))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("127.0.0.1:4599"));
    signed.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    return new SignedRequest("POST", "/", null, headers, body);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
