package dev.serverlesskms.bench;

import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.authz.Authorizer;
import dev.serverlesskms.core.authz.GrantAuthority;
import dev.serverlesskms.core.authz.KeyAccess;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.IdentityPolicies;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What authorization costs an Encrypt: in one run, the whole Encrypt through the facade by a caller
 * whom the tenth statement of a ten-statement key policy allows ({@link
 * #encrypt32TenStatementPolicy}), the same by the account root under the default one-statement
 * policy ({@link #encrypt32DefaultPolicy}), and the authorization decision of the first alone
 * ({@link #authorizeTenStatementPolicy}, the exact question Encrypt asks). Issue 10's budget: the
 * decision at most 10 % of the Encrypt, in average time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class AuthorizationBenchmark {
  private BenchKms fixture;
  private Kms kms;
  private String tenStatementKey;
  private String defaultPolicyKey;
  private KmsKey tenStatementKmsKey;
  private Authorizer authorizer;
  private byte[] plaintext32;

  @Setup
  public void setUp() {
    fixture = BenchKms.open();
    kms = fixture.kms;
    tenStatementKey = fixture.createKey();
    defaultPolicyKey =
        kms.invoke(
                kms.createKey,
                new CreateKeyRequest(
                    null, "benchmark", null, null, null, null, null, null, null, null, null),
                BenchKms.ROOT)
            .keyMetadata()
            .keyId();
    tenStatementKmsKey = fixture.store().find(new KeyId(tenStatementKey)).orElseThrow();
    authorizer =
        new Authorizer(
            BenchKms.LOCATION, IdentityPolicies.none(), GrantAuthority.none(), key -> List.of());
    plaintext32 = FacadeBenchmark.randomBytes(32);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] encrypt32TenStatementPolicy() {
    return kms.invoke(
            kms.encrypt,
            new EncryptRequest(
                tenStatementKey, plaintext32, BenchKms.ENCRYPTION_CONTEXT, null, null, null),
            BenchKms.REQUEST)
        .ciphertextBlob();
  }

  @Benchmark
  public byte[] encrypt32DefaultPolicy() {
    return kms.invoke(
            kms.encrypt,
            new EncryptRequest(
                defaultPolicyKey, plaintext32, BenchKms.ENCRYPTION_CONTEXT, null, null, null),
            BenchKms.ROOT)
        .ciphertextBlob();
  }

  /** The decision Encrypt asks for, with the condition keys it sends. */
  @Benchmark
  public KeyAccess authorizeTenStatementPolicy() {
    ConditionContext.Builder conditions =
        ConditionContext.builder().put("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    Map<String, String> context = BenchKms.ENCRYPTION_CONTEXT;
    context.forEach((name, value) -> conditions.put("kms:EncryptionContext:" + name, value));
    conditions.put("kms:EncryptionContextKeys", List.copyOf(context.keySet()));
    KeyAccess access =
        KeyAccess.grantable("Encrypt", tenStatementKmsKey, conditions.build(), context, List.of());
    authorizer.requireAllowed(BenchKms.REQUEST, Instant.now(), access);
    return access;
  }
}
