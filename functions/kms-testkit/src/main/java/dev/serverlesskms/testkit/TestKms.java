package dev.serverlesskms.testkit;

import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.operation.OperationBinding;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.policy.PolicyPrincipal;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A whole KMS in memory for tests of its rules: the real {@link Kms} facade and lifecycle job over
 * an {@link InMemoryKeyStore}, a {@link TestEnclave}, a {@link RecordingAuditSink} and a {@link
 * MutableClock}. Starts in no time, so every rule can have its own plain JUnit test.
 *
 * <pre>{@code
 * TestKms kms = TestKms.create();
 * String keyId = kms.call(kms.kms().createKey, CreateKeyRequest...).keyMetadata().keyId();
 * }</pre>
 */
public final class TestKms {
  /** The location of every test KMS: the README's region and the documented example account. */
  public static final KmsLocation LOCATION = KmsLocation.of("us-east-1", "111122223333");

  /** When every test KMS's clock starts. */
  public static final String START = "2026-06-01T12:00:00Z";

  private final MutableClock clock;
  private final KeyStore store;
  private final Enclave enclave;
  private final RecordingAuditSink audit;
  private final KmsEnvironment environment;
  private final Kms kms;
  private final Map<String, List<PolicyDocument>> identityPolicies = new ConcurrentHashMap<>();

  private TestKms(KeyStore store, Enclave enclave) {
    this(store, enclave, CustomKeyStoreHsm.none());
  }

  private TestKms(KeyStore store, Enclave enclave, CustomKeyStoreHsm hsm) {
    this(store, enclave, hsm, ResourceQuotas.AWS_DEFAULTS);
  }

  private TestKms(KeyStore store, Enclave enclave, CustomKeyStoreHsm hsm, ResourceQuotas quotas) {
    this.clock = MutableClock.startingAt(START);
    this.store = store;
    this.enclave = enclave;
    this.audit = new RecordingAuditSink();
    this.environment = new KmsEnvironment(LOCATION, store, enclave, clock, hsm, quotas);
    this.kms = new Kms(environment, audit, this::identityPoliciesOf);
  }

  /** A test KMS on an in-memory store and the test enclave. */
  public static TestKms create() {
    return new TestKms(new InMemoryKeyStore(), new TestEnclave());
  }

  /** A test KMS whose custom key stores use {@code hsm}'s tokens ({@link TestHsm}). */
  public static TestKms withHsm(CustomKeyStoreHsm hsm) {
    return new TestKms(new InMemoryKeyStore(), new TestEnclave(), hsm);
  }

  /** A test KMS with these resource quotas (small ones, to reach them in a test). */
  public static TestKms withQuotas(ResourceQuotas quotas) {
    return new TestKms(new InMemoryKeyStore(), new TestEnclave(), CustomKeyStoreHsm.none(), quotas);
  }

  /** A test KMS on the given store and enclave (a store under test, a store with faults). */
  public static TestKms on(KeyStore store, Enclave enclave) {
    return new TestKms(store, enclave);
  }

  public Kms kms() {
    return kms;
  }

  public MutableClock clock() {
    return clock;
  }

  public KeyStore store() {
    return store;
  }

  public Enclave enclave() {
    return enclave;
  }

  public RecordingAuditSink audit() {
    return audit;
  }

  public KmsEnvironment environment() {
    return environment;
  }

  /** The scheduled lifecycle job of this KMS, recording to the same audit sink. */
  public KeyLifecycleJob lifecycleJob() {
    return new KeyLifecycleJob(environment, new AuditRecorder(audit, LOCATION));
  }

  /** The lifecycle job, waiting {@code tokenObjectRetryPauses} between its token attempts. */
  public KeyLifecycleJob lifecycleJob(List<Duration> tokenObjectRetryPauses) {
    return new KeyLifecycleJob(
        environment, new AuditRecorder(audit, LOCATION), tokenObjectRetryPauses);
  }

  /**
   * Attaches an identity (IAM) policy to a user or role ARN (a role's policies apply to its
   * assumed-role sessions).
   */
  public TestKms attachIdentityPolicy(String principalArn, String policyJson) {
    identityPolicies
        .computeIfAbsent(principalArn, arn -> new CopyOnWriteArrayList<>())
        .add(PolicyDocument.parseIdentityPolicy(policyJson));
    return this;
  }

  private List<PolicyDocument> identityPoliciesOf(Caller caller) {
    PolicyPrincipal principal = PolicyPrincipal.of(caller);
    String owner = principal.roleArn() != null ? principal.roleArn() : principal.arn();
    return owner == null ? List.of() : identityPolicies.getOrDefault(owner, List.of());
  }

  /** An IAM user of an account, {@code arn:aws:iam::<account>:user/<name>}. */
  public static Caller user(String accountId, String name) {
    return new Caller(
        "IAMUser",
        "AIDA" + name.toUpperCase(java.util.Locale.ROOT),
        "arn:aws:iam::" + accountId + ":user/" + name,
        accountId,
        "AKIA" + name.toUpperCase(java.util.Locale.ROOT));
  }

  /** A session of an IAM role, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
  public static Caller assumedRole(String accountId, String role, String session) {
    return new Caller(
        "AssumedRole",
        "AROA" + role.toUpperCase(java.util.Locale.ROOT) + ":" + session,
        "arn:aws:sts::" + accountId + ":assumed-role/" + role + "/" + session,
        accountId,
        "ASIA" + role.toUpperCase(java.util.Locale.ROOT));
  }

  /** The root of another account. */
  public static Caller rootOf(String accountId) {
    return new Caller(
        "Root",
        accountId,
        "arn:aws:iam::" + accountId + ":root",
        accountId,
        "AKIAROOT" + accountId);
  }

  /** Runs one request as the account root of the KMS's own account. */
  public <Q extends KmsRequest, R extends KmsResponse> R call(
      OperationBinding<Q, R> operation, Q request) {
    return kms.invoke(operation, request, context(accountRoot()));
  }

  /** Runs one request as {@code caller}. */
  public <Q extends KmsRequest, R extends KmsResponse> R callAs(
      Caller caller, OperationBinding<Q, R> operation, Q request) {
    return kms.invoke(operation, request, context(caller));
  }

  /**
   * Runs one request as the account root of the KMS's own account, in {@code region} (each region
   * is its own key space; {@link #LOCATION}'s is the default).
   */
  public <Q extends KmsRequest, R extends KmsResponse> R callIn(
      String region, OperationBinding<Q, R> operation, Q request) {
    return kms.invoke(operation, request, context(accountRoot(), region));
  }

  /** The root of the KMS's own account, as the development credentials are. */
  public static Caller accountRoot() {
    return new Caller(
        "Root", LOCATION.accountId(), LOCATION.accountRootArn(), LOCATION.accountId(), "test");
  }

  public static RequestContext context(Caller caller) {
    return new RequestContext(UUID.randomUUID().toString(), caller, "127.0.0.1", "kms-testkit");
  }

  /** A request of {@code caller} for {@code region}. */
  public static RequestContext context(Caller caller, String region) {
    return new RequestContext(
        UUID.randomUUID().toString(), caller, "127.0.0.1", "kms-testkit", region);
  }
}
