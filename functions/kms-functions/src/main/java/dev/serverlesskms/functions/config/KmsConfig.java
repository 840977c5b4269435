package dev.serverlesskms.functions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the KMS, typed, under the prefix {@code kms}. Each can also be given as an
 * environment variable ({@code kms.enclave.root-key-secret-arn} is {@code
 * KMS_ENCLAVE_ROOT_KEY_SECRET_ARN}). Defaults are the local, embedded ones; the SAM template sets
 * the Lambda ones.
 */
@ConfigMapping(prefix = "kms")
public interface KmsConfig {

  /** The region in every ARN this KMS issues, and the only region SigV4 scopes may name. */
  @WithDefault("us-east-1")
  String region();

  /** The account in every ARN this KMS issues. */
  @WithDefault("000000000000")
  String accountId();

  /** Where the embedded defaults keep their files (key store, audit log, root key). */
  Path dataDir();

  /**
   * Moves the KMS's clock (key dates, rotation, deletion, expiry; not SigV4) by this much. For
   * trying the lifecycle locally ("what happens in 31 days"). UNSAFE for production: leave it at
   * zero.
   */
  @WithDefault("PT0S")
  Duration clockOffset();

  Lifecycle lifecycle();

  /**
   * A seed file (YAML or JSON; docs/seed-file.md) applied at start, before the first request:
   * missing keys are created with the file's ids and material, existing ones get its settings. A
   * file the KMS refuses stops the start with the entry and the problem named. Environment:
   * KMS_SEED_FILE.
   */
  Optional<Path> seedFile();

  /**
   * The local server's principals file: users, role sessions and account roots of any account, with
   * their access keys and identity policies (README, "Principals"). Read at start; a malformed file
   * stops the server.
   */
  Optional<Path> principalsFile();

  /**
   * The ARN of the Secrets Manager secret holding the principals document of a deployment: the
   * principals file's shape without access keys, as its SecretString. The identity policies of
   * callers behind API Gateway and of event-triggered requests come from it (docs/authorization.md,
   * "Principals"). Without it, callers have no identity policies.
   */
  Optional<String> principalsSecretArn();

  /**
   * How long the principals document read from Secrets Manager is used before it is read again.
   * When a read fails the last document stays in use, for at most ten times this long.
   */
  @WithDefault("PT1M")
  Duration principalsRefresh();

  /**
   * The largest KMS request body accepted (local server and API Gateway); larger ones get a
   * ValidationException.
   */
  @WithDefault("1048576")
  int maxRequestBytes();

  Store store();

  AwsManagedKeys awsManagedKeys();

  Audit audit();

  Enclave enclave();

  CustomKeyStores customKeyStores();

  Local local();

  /**
   * Custom key stores (docs/custom-key-stores.md): the clusters a store's CloudHsmClusterId may
   * name, each a PKCS#11 token. With none declared, CreateCustomKeyStore answers
   * CloudHsmClusterNotFoundException.
   */
  interface CustomKeyStores {
    /**
     * The PKCS#11 module of the declared clusters: {@code /usr/lib/softhsm/libsofthsm2.so}
     * (SoftHSM2), {@code /opt/cloudhsm/lib/libcloudhsm_pkcs11.so} (CloudHSM).
     */
    Optional<Path> library();

    /**
     * The declared clusters, {@code <cluster id>:<slot id>} each, e.g. {@code
     * cluster-1234567abcd:1234} ({@code KMS_CUSTOM_KEY_STORES_CLUSTERS}, comma-separated). A
     * cluster's token must not be the root key's.
     */
    Optional<List<String>> clusters();

    /**
     * A directory of trust anchors: {@code <cluster id>.crt} (PEM), when present, is the
     * certificate CreateCustomKeyStore must present for that cluster; without one, any is taken.
     */
    Optional<Path> trustAnchors();
  }

  interface AwsManagedKeys {
    /**
     * Whether a request naming a predefined {@code alias/aws/<service>} whose key does not exist
     * yet creates that AWS managed key, as AWS does on first use. The SAM template turns it off for
     * the functions with read-only access to the table (they answer NotFoundException until the KMS
     * API function has created the key) and on for the KMS API function.
     */
    @WithDefault("true")
    boolean createOnFirstUse();
  }

  interface Lifecycle {
    /** How often the local server runs the scheduled lifecycle functions. */
    @WithDefault("60s")
    String interval();
  }

  interface Store {
    @WithDefault("embedded")
    StoreKind kind();

    /** The embedded store's file; defaults to {@code <data-dir>/keys.mv.db}. */
    Optional<Path> file();

    /** The DynamoDB table (kind dynamodb). */
    Optional<String> table();

    /**
     * The DynamoDB table's region, its home region (kind dynamodb); default: {@code kms.region}.
     * Every region's functions share the one table (docs/serverless-regions.md): a function of
     * another region names the home region here, and its own region stays {@code kms.region}. The
     * table's items without a region prefix are the home region's.
     */
    Optional<String> region();

    /**
     * Another DynamoDB endpoint, e.g. DynamoDB Local ({@code http://127.0.0.1:8000}); default: AWS.
     */
    Optional<java.net.URI> endpoint();

    /**
     * How long a DynamoDB-backed function keeps keys and aliases it read (0 = no cache). Key state
     * and alias changes made elsewhere reach it within this time (AWS KMS is eventually consistent
     * too).
     */
    @WithDefault("PT5S")
    java.time.Duration cacheTtl();

    @WithDefault("10000")
    int cacheSize();
  }

  /** embedded: H2 MVStore file (local default); dynamodb: one DynamoDB table (Lambda default). */
  enum StoreKind {
    EMBEDDED,
    DYNAMODB
  }

  interface Audit {
    @WithDefault("file")
    AuditKind kind();

    /** The JSON-lines audit log; defaults to {@code <data-dir>/audit.jsonl}. */
    Optional<Path> file();

    /** fsync after every record: slower, survives a power cut, not just a crash. */
    @WithDefault("false")
    boolean fsync();

    /** The Kinesis stream (kind kinesis). */
    Optional<String> stream();

    /** Another Kinesis endpoint, e.g. kinesis-local; default: AWS. */
    Optional<java.net.URI> endpoint();
  }

  /** file: JSON lines (local default); kinesis: a Kinesis Data Stream (Lambda default). */
  enum AuditKind {
    FILE,
    KINESIS
  }

  Events events();

  /** Event-triggered encryption (SQS, EventBridge). */
  interface Events {
    /** The Kinesis stream results go to; without it, {@code <data-dir>/event-results.jsonl}. */
    Optional<String> resultsStream();

    /** Another Kinesis endpoint for the results stream; default: AWS. */
    Optional<java.net.URI> endpoint();

    /**
     * The principal event-triggered requests act as, authorized like any caller: an IAM user
     * ({@code arn:aws:iam::<account>:user/<name>}), a role session ({@code
     * arn:aws:sts::<account>:assumed-role/<role>/<session>}) or an account root. Default: the root
     * of the KMS's account.
     */
    Optional<String> principalArn();
  }

  interface Enclave {
    @WithDefault("software")
    EnclaveKind kind();

    /**
     * The sealed root key file of the software enclave; defaults to {@code <data-dir>/root-key}.
     */
    Optional<Path> rootKeyFile();

    /**
     * The ARN of the AWS Secrets Manager secret that holds the root key (base64 of 32 bytes as
     * SecretString, or 32 bytes as SecretBinary), read once at start. How the Lambda functions get
     * their root key: the SAM template sets it from its RootKeySecretArn parameter. When set, the
     * file is not used.
     */
    Optional<String> rootKeySecretArn();

    /**
     * The root key itself (base64 of 32 bytes), for local runs and tests on a shared store
     * (DynamoDB Local). When set, the file is not used. Not for deployments: anyone who can read
     * the process's configuration (for Lambda: lambda:GetFunctionConfiguration) reads the root key;
     * use {@link #rootKeySecretArn()}.
     */
    Optional<String> rootKeySecret();

    /**
     * Another Secrets Manager endpoint (a VPC endpoint, an emulator); default: AWS's, in the region
     * of the secret's ARN.
     */
    Optional<java.net.URI> secretsEndpoint();

    /** How many unwrapped key versions the enclave keeps in memory. */
    @WithDefault("1000")
    int cacheSize();

    Pkcs11 pkcs11();
  }

  /**
   * The PKCS#11 root key: a non-extractable AES key in an HSM token (SoftHSM2 locally, CloudHSM in
   * AWS).
   */
  interface Pkcs11 {
    /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
    Optional<Path> library();

    /** The token's slot id. */
    Optional<Long> slot();

    /** The label of the root key object in the token. */
    @WithDefault("serverless-kms-root")
    String keyLabel();

    /**
     * The ARN of the AWS Secrets Manager secret that holds the user PIN (as SecretString), read
     * once at start. How the Lambda functions get their PIN: the SAM template sets it from its
     * Pkcs11PinSecretArn parameter.
     */
    Optional<String> pinSecretArn();

    /**
     * The user PIN itself, for local runs and tests (SoftHSM2). Not for deployments: use {@link
     * #pinSecretArn()}.
     */
    Optional<String> pin();

    /**
     * Create the root key in the token when it is missing (first start only; off in production).
     */
    @WithDefault("false")
    boolean createIfMissing();
  }

  /**
   * software: root key from a file or secret; pkcs11: root key in an HSM token; none: this
   * deployment holds no root key (the metadata-only Lambdas).
   */
  enum EnclaveKind {
    SOFTWARE,
    PKCS11,
    NONE
  }

  interface Local {
    /** Serve the KMS wire endpoint with SigV4 verification (local mode; off in Lambda). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Accepted access keys, {@code AKID:SECRET[:principal ARN]} separated by commas. The default
     * {@code test:test} is the documented development pair. PRODUCTION: replace it.
     */
    @WithDefault("test:test")
    Optional<String> credentials();

    /** A file of {@code AKID SECRET [ARN]} lines, merged with {@link #credentials()}. */
    Optional<Path> credentialsFile();

    /**
     * The SigV4 service name requests must be signed for: {@code kms}, as the AWS CLI and SDKs sign
     * for KMS; {@code execute-api} to try clients configured for the deployed (API Gateway)
     * endpoint.
     */
    @WithDefault("kms")
    String signingService();

    /** How far a request's X-Amz-Date may be from the server clock (AWS: 15 minutes). */
    @WithDefault("PT15M")
    Duration maxClockSkew();

    /**
     * The host names requests may carry in their Host header (any port), comma-separated; others
     * are refused with AccessDeniedException, so a web page cannot reach the server through DNS
     * rebinding. Add the names clients use when the server listens beyond loopback; {@code *} turns
     * the check off.
     */
    @WithDefault("localhost,127.0.0.1,[::1]")
    List<String> allowedHosts();

    /**
     * Whether the server may start listening beyond loopback (quarkus.http.host) while it accepts
     * the public development credentials test/test. Off: such a server refuses to start.
     */
    @WithDefault("false")
    boolean allowDevelopmentCredentialsBeyondLoopback();

    /**
     * How long a request's body may take to arrive once its headers have; past it the request is
     * answered with RequestTimeoutException and its connection closed, so a client sending a byte
     * now and then cannot hold the server. (A connection with no traffic at all is closed after
     * quarkus.http.idle-timeout.)
     */
    @WithDefault("PT10S")
    Duration requestReadTimeout();

    /**
     * Answer short symmetric requests (Encrypt, Decrypt, GenerateDataKey, ...) on the event loop
     * that read them instead of a worker thread, when the store, enclave and audit sink cannot make
     * them wait (embedded store, software enclave, audit file without fsync, no custom key store
     * cluster). Off: every request goes to a worker.
     */
    @WithDefault("true")
    boolean inlineShortRequests();
  }

  KeyLastUsage keyLastUsage();

  /**
   * GetKeyLastUsage: each function instance (or the local server) keeps the last use of each key in
   * memory and saves it to the key store at this interval, never on every request
   * (docs/key-last-usage-and-quotas.md).
   */
  interface KeyLastUsage {
    /**
     * How long a use may wait in memory while requests keep coming: the resolution of
     * GetKeyLastUsage across instances and restarts. The local server also saves on this timer and
     * at shutdown; a Lambda instance saves after a request once this much has passed since its last
     * save.
     */
    @WithDefault("PT1M")
    Duration flushInterval();

    /** How many keys' uses an instance holds before a request saves them early. */
    @WithDefault("10000")
    int maxPending();
  }

  Quotas quotas();

  /**
   * Request quotas per account, answered with ThrottlingException past their rate (local server and
   * API Gateway; per function instance on Lambda), and the resource quotas, answered with
   * LimitExceededException (docs/key-last-usage-and-quotas.md).
   */
  interface Quotas {
    /**
     * Customer managed keys per region (AWS: 100,000), counted by the store without a scan; AWS
     * managed keys do not count. CreateKey answers LimitExceededException past it.
     */
    @WithDefault("100000")
    long customerKeysPerRegion();

    /** Aliases per key (AWS: 50); CreateAlias answers LimitExceededException past it. */
    @WithDefault("50")
    int aliasesPerKey();

    /** Grants per key (AWS: 50,000); CreateGrant answers LimitExceededException past it. */
    @WithDefault("50000")
    int grantsPerKey();

    /**
     * GetParametersForImport requests per second and account (AWS: 0.25); each generates an RSA key
     * pair, about 2 s of CPU for RSA_4096. 0 turns the quota off.
     */
    @WithDefault("0.25")
    double getParametersForImportPerSecond();

    /** How many GetParametersForImport requests may come at once after a quiet time. */
    @WithDefault("5")
    int getParametersForImportBurst();
  }
}
