package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.ConnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CustomKeyStoresListEntry;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresRequest;
import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import dev.serverlesskms.testkit.KeyFixtures;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestHsm;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link TestKms} with the steps the rule tests repeat: a key in each key state, encryptions,
 * imports, and catching the KMS error a request is expected to end in. Everything goes through the
 * {@link Kms} facade, as a caller's request does, so every step is audited like one.
 */
final class KmsFixture {
  /** The encryption context tests bind ciphertexts to. */
  static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "test");

  /** The clusters the default fixture declares for custom key stores, one token each. */
  static final List<String> CLUSTERS =
      List.of("cluster-1234567abc0", "cluster-1234567abc1", "cluster-1234567abc2");

  /** The PIN of every declared test token (the kmsuser's password). */
  static final String TOKEN_PIN = "kmsuser-pin-1";

  /** The trust anchor of every declared test cluster (any PEM text the cluster declares). */
  static final String TRUST_ANCHOR =
      "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----";

  /** The region the fixture replicates multi-Region keys into. */
  static final String REPLICA_REGION = "eu-west-1";

  final TestKms test;
  final Kms kms;

  /** The tokens behind custom key stores (null for a fixture on a given store). */
  final TestHsm hsm;

  private int storesMade;

  KmsFixture() {
    this(declaredClusters());
  }

  private KmsFixture(TestHsm hsm) {
    this(TestKms.withHsm(hsm), hsm);
  }

  private KmsFixture(TestKms test) {
    this(test, null);
  }

  private KmsFixture(TestKms test, TestHsm hsm) {
    this.test = test;
    this.kms = test.kms();
    this.hsm = hsm;
  }

  private static TestHsm declaredClusters() {
    TestHsm hsm = new TestHsm();
    for (int i = 0; i < CLUSTERS.size(); i++) {
      hsm.declare(CLUSTERS.get(i), "token-" + i, TOKEN_PIN, TRUST_ANCHOR);
    }
    return hsm;
  }

  // --- custom key stores

  /** A new custom key store on the next free declared cluster, connected or not; its id. */
  String customKeyStore(boolean connected) {
    int index = storesMade++;
    String id =
        call(
                kms.createCustomKeyStore,
                new CreateCustomKeyStoreRequest(
                    "store-" + index, CLUSTERS.get(index), TRUST_ANCHOR, TOKEN_PIN, null))
            .customKeyStoreId();
    if (connected) {
      call(kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(id));
    }
    return id;
  }

  /** A key in a (connected) custom key store; its id. */
  String keyInStore(String customKeyStoreId) {
    return createKey(
        Requests.createKey().origin(Origin.AWS_CLOUDHSM).customKeyStoreId(customKeyStoreId));
  }

  CustomKeyStoresListEntry describeStore(String customKeyStoreId) {
    return call(
            kms.describeCustomKeyStores,
            new DescribeCustomKeyStoresRequest(customKeyStoreId, null, null, null))
        .customKeyStores()
        .get(0);
  }

  /** A KMS with these resource quotas, without custom key store clusters. */
  static KmsFixture withQuotas(ResourceQuotas quotas) {
    return new KmsFixture(TestKms.withQuotas(quotas));
  }

  /** A KMS on the given store (a store with faults) and a test enclave. */
  static KmsFixture on(KeyStore store) {
    return new KmsFixture(TestKms.on(store, new TestEnclave()));
  }

  <Q extends KmsRequest, R extends KmsResponse> R call(
      OperationBinding<Q, R> operation, Q request) {
    return test.call(operation, request);
  }

  /** Runs a request that must fail with {@code expected}, and returns the error for its message. */
  <Q extends KmsRequest, R extends KmsResponse> KmsException error(
      KmsErrorType expected, OperationBinding<Q, R> operation, Q request) {
    R response;
    try {
      response = test.call(operation, request);
    } catch (KmsException e) {
      assertThat(e.type()).as("%s: %s", operation.name(), e.getMessage()).isEqualTo(expected);
      return e;
    }
    throw new AssertionError(
        operation.name() + " answered " + response + ", expected " + expected.wireName());
  }

  // --- keys

  String createKey() {
    return createKey(Requests.createKey());
  }

  String createKey(Requests.CreateKey request) {
    return call(kms.createKey, request.build()).keyMetadata().keyId();
  }

  /**
   * A symmetric key that can be brought to {@code state}: multi-Region for PendingReplicaDeletion.
   */
  private String createKeyFor(KeyState state) {
    return createKey(
        Requests.createKey().multiRegion(state == KeyState.PENDING_REPLICA_DELETION ? true : null));
  }

  /** Replicates a multi-Region primary of this KMS's region into {@code region}. */
  void replicate(String keyId, String region) {
    call(
        kms.replicateKey,
        new dev.serverlesskms.core.api.ReplicateKeyRequest(keyId, region, null, null, null, null));
  }

  /** A key with origin EXTERNAL, waiting for its material. */
  String externalKey() {
    return createKey(Requests.createKey().origin(Origin.EXTERNAL));
  }

  /** The key as stored. */
  KmsKey stored(String keyId) {
    return test.store().find(new KeyId(keyId)).orElseThrow();
  }

  /**
   * A key in {@code state}, brought there by requests: a new key, disabled, or scheduled for
   * deletion (30 days); PendingImport is a new EXTERNAL key; PendingReplicaDeletion a multi-Region
   * primary with a replica in {@link #REPLICA_REGION}, scheduled for deletion.
   */
  String keyIn(KeyState state) {
    String keyId = state == KeyState.PENDING_IMPORT ? externalKey() : createKeyFor(state);
    moveTo(keyId, state);
    return keyId;
  }

  /** An EXTERNAL key with imported material (that never expires) in {@code state}. */
  String importedKeyIn(KeyState state) {
    String keyId =
        state == KeyState.PENDING_REPLICA_DELETION
            ? createKey(Requests.createKey().origin(Origin.EXTERNAL).multiRegion(true))
            : externalKey();
    importMaterial(keyId, CustomerKeyWrapping.randomMaterial(32), null);
    if (state == KeyState.PENDING_IMPORT) {
      call(kms.deleteImportedKeyMaterial, Requests.deleteImportedKeyMaterial(keyId));
    } else {
      moveTo(keyId, state);
    }
    return keyId;
  }

  private void moveTo(String keyId, KeyState state) {
    switch (state) {
      case ENABLED, PENDING_IMPORT -> {}
      case DISABLED -> disable(keyId);
      case PENDING_DELETION -> scheduleDeletion(keyId);
      case PENDING_REPLICA_DELETION -> {
        replicate(keyId, REPLICA_REGION);
        scheduleDeletion(keyId);
      }
    }
  }

  /** A ciphertext made while its key was enabled, the key since moved to {@code state}. */
  record Sealed(String keyId, byte[] blob) {}

  Sealed ciphertextUnderKeyIn(KeyState state) {
    if (state == KeyState.PENDING_IMPORT) {
      String keyId = importedKeyIn(KeyState.ENABLED);
      byte[] blob = encrypt(keyId, "sealed");
      call(kms.deleteImportedKeyMaterial, Requests.deleteImportedKeyMaterial(keyId));
      return new Sealed(keyId, blob);
    }
    String keyId = createKeyFor(state);
    byte[] blob = encrypt(keyId, "sealed");
    moveTo(keyId, state);
    return new Sealed(keyId, blob);
  }

  /**
   * Stores a key no request can make (another key spec or usage, material the enclave did not
   * wrap), shaped from the testkit's enabled key whose wrapped material is random bytes.
   */
  String seedKey(UnaryOperator<KmsKey.Builder> shape) {
    KmsKey template = KeyFixtures.enabledKey().creationDate(now()).build();
    KmsKey key =
        shape.apply(template.toBuilder().arn(TestKms.LOCATION.keyArn(template.keyId()))).build();
    // A seeded key has no request behind it: its store record is taken out again at once.
    OutboxRecord record = KeyFixtures.auditRecord("SeedKey");
    String keyId = test.store().create(key, record).keyId().value();
    test.store().removeRecord(record.id());
    return keyId;
  }

  void disable(String keyId) {
    call(kms.disableKey, Requests.disableKey(keyId));
  }

  void scheduleDeletion(String keyId) {
    call(kms.scheduleKeyDeletion, Requests.scheduleKeyDeletion(keyId, null));
  }

  void createAlias(String aliasName, String keyId) {
    call(kms.createAlias, Requests.createAlias(aliasName, keyId));
  }

  KeyMetadata describe(String keyIdOrAlias) {
    return call(kms.describeKey, Requests.describeKey(keyIdOrAlias)).keyMetadata();
  }

  KeyState state(String keyId) {
    return describe(keyId).keyState();
  }

  static String arn(String keyId) {
    return TestKms.LOCATION.keyArn(new KeyId(keyId));
  }

  static String aliasArn(String aliasName) {
    return TestKms.LOCATION.aliasArn(aliasName);
  }

  // --- cryptography

  byte[] encrypt(String keyId, String text) {
    return encrypt(keyId, utf8(text), null);
  }

  byte[] encrypt(String keyId, byte[] plaintext, Map<String, String> context) {
    return call(kms.encrypt, Requests.encrypt(keyId, plaintext, context)).ciphertextBlob();
  }

  String decrypt(byte[] blob) {
    return new String(
        call(kms.decrypt, Requests.decrypt(blob)).plaintext(), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // --- import

  GetParametersForImportResponse parameters(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec spec) {
    return call(
        kms.getParametersForImport, Requests.getParametersForImport(keyId, algorithm, spec));
  }

  /**
   * Imports {@code material} (RSAES_OAEP_SHA_256, RSA_2048): expiring at {@code validTo}, or never
   * if it is {@code null}. Returns the KeyMaterialId.
   */
  String importMaterial(String keyId, byte[] material, Instant validTo) {
    GetParametersForImportResponse parameters =
        parameters(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    Requests.ImportMaterial request =
        Requests.importKeyMaterial(keyId)
            .token(parameters.importToken())
            .material(
                CustomerKeyWrapping.wrap(
                    WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey(), material));
    request = validTo == null ? request.neverExpires() : request.validTo(validTo);
    return call(kms.importKeyMaterial, request.build()).keyMaterialId();
  }

  // --- time and audit

  /** The KMS's time, at the millisecond precision of AWS timestamps. */
  Instant now() {
    return test.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  void advance(Duration by) {
    test.clock().advance(by);
  }

  AuditEvent lastAudit() {
    return test.audit().last();
  }

  List<AuditEvent> audit() {
    return test.audit().events();
  }

  /**
   * Asserts that no audit record holds {@code secret} (random bytes, at least 16 of them), base64
   * or hex, in the record as it is written out.
   */
  void assertNoAuditRecordHolds(byte[] secret) {
    assertThat(audit()).isNotEmpty();
    for (AuditEvent event : audit()) {
      assertThat(AuditEventJson.toJson(event))
          .as("audit record %s", event.eventName())
          .doesNotContain(Base64.getEncoder().encodeToString(secret))
          .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
    }
  }
}
