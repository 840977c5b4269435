package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.GenerateMacRequest;
import dev.serverlesskms.core.api.GetKeyRotationStatusResponse;
import dev.serverlesskms.core.api.GetParametersForImportResponse;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.api.MultiRegionKey;
import dev.serverlesskms.core.api.ReplicateKeyRequest;
import dev.serverlesskms.core.api.ReplicateKeyResponse;
import dev.serverlesskms.core.api.RotationsListEntry;
import dev.serverlesskms.core.api.ScheduleKeyDeletionResponse;
import dev.serverlesskms.core.api.UpdatePrimaryRegionRequest;
import dev.serverlesskms.core.api.VerifyMacRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersion;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.port.CustomKeyStoreHsm;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.ResourceQuotas;
import dev.serverlesskms.core.store.MultiRegionCopies;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import dev.serverlesskms.testkit.TestKms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-Region keys across regions of one KMS: CreateKey MultiRegion, ReplicateKey,
 * UpdatePrimaryRegion, DescribeKey's MultiRegionConfiguration, cryptography across regions,
 * PendingReplicaDeletion, and the primary's rotation reaching its replicas. Each region is served
 * by a {@link Kms} on that region's environment ({@link KmsEnvironment#inRegion}) over the one
 * store, as the per-region dispatch serves a request signed for that region.
 */
class MultiRegionKeysTest {
  private static final String EAST = TestKms.LOCATION.region();
  private static final String WEST = KmsFixture.REPLICA_REGION;
  private static final String SOUTH = "ap-southeast-2";

  private final KmsFixture f = new KmsFixture();
  private final Kms east = f.kms;
  private final Kms west = kmsIn(WEST);
  private final Kms south = kmsIn(SOUTH);

  private Kms kmsIn(String region) {
    return new Kms(f.test.environment().inRegion(region), f.test.audit());
  }

  private static <Q extends KmsRequest, R extends KmsResponse> R call(
      Kms kms, OperationBinding<Q, R> operation, Q request) {
    return kms.invoke(operation, request, TestKms.context(TestKms.accountRoot()));
  }

  private static <Q extends KmsRequest, R extends KmsResponse> KmsException error(
      KmsErrorType expected, Kms kms, OperationBinding<Q, R> operation, Q request) {
    KmsException e = catchThrowableOfType(KmsException.class, () -> call(kms, operation, request));
    assertThat(e).as("%s answered without an error", operation.name()).isNotNull();
    assertThat(e.type()).as("%s: %s", operation.name(), e.getMessage()).isEqualTo(expected);
    return e;
  }

  private static String arnIn(String region, String keyId) {
    return TestKms.LOCATION.withRegion(region).keyArn(new KeyId(keyId));
  }

  private String multiRegionKey() {
    return f.createKey(Requests.createKey().multiRegion(true));
  }

  private ReplicateKeyResponse replicate(String keyId, String region) {
    return call(
        east, east.replicateKey, new ReplicateKeyRequest(keyId, region, null, null, null, null));
  }

  private static KeyMetadata describe(Kms kms, String keyId) {
    return call(kms, kms.describeKey, Requests.describeKey(keyId)).keyMetadata();
  }

  private KmsKey storedIn(String region, String keyId) {
    return f.test.store().inRegion(region).find(new KeyId(keyId)).orElseThrow();
  }

  // ------------------------------------------------------------------ CreateKey and DescribeKey

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT",
    "RSA_2048, SIGN_VERIFY",
    "ECC_NIST_P256, SIGN_VERIFY",
    "HMAC_256, GENERATE_VERIFY_MAC"
  })
  void createKey_multiRegion_makesAPrimary_withAnMrkId_ofEverySpec(KeySpec spec, KeyUsage usage) {
    String keyId =
        f.createKey(Requests.createKey().keySpec(spec).keyUsage(usage).multiRegion(true));

    assertThat(keyId).matches("mrk-[0-9a-f]{32}");
    KeyMetadata m = f.describe(keyId);
    assertThat(m.multiRegion()).isTrue();
    assertThat(m.arn()).isEqualTo(arnIn(EAST, keyId));
    assertThat(m.multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.PRIMARY);
    assertThat(m.multiRegionConfiguration().primaryKey())
        .isEqualTo(new MultiRegionKey(arnIn(EAST, keyId), EAST));
    assertThat(m.multiRegionConfiguration().replicaKeys()).isEmpty();
  }

  @Test
  void createKey_multiRegionExternal_waitsForItsMaterial_andASingleRegionKeyHasNoConfiguration() {
    String external = f.createKey(Requests.createKey().origin(Origin.EXTERNAL).multiRegion(true));
    String single = f.createKey();

    assertThat(external).startsWith("mrk-");
    assertThat(f.describe(external).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(f.describe(external).multiRegion()).isTrue();
    assertThat(single).doesNotStartWith("mrk-");
    assertThat(f.describe(single).multiRegion()).isFalse();
    assertThat(f.describe(single).multiRegionConfiguration()).isNull();
  }

  // ------------------------------------------------------------------ ReplicateKey

  @Test
  void replicateKey_makesTheSameKeyInTheReplicaRegion_withItsOwnPolicyTagsAndDescription() {
    String keyId =
        f.createKey(
            Requests.createKey()
                .multiRegion(true)
                .description("primary")
                .tags(List.of(Requests.tag("side", "primary"))));

    ReplicateKeyResponse response =
        call(
            east,
            east.replicateKey,
            new ReplicateKeyRequest(
                arnIn(EAST, keyId),
                WEST,
                null,
                null,
                "replica",
                List.of(Requests.tag("side", "replica"))));

    KeyMetadata replica = response.replicaKeyMetadata();
    assertThat(replica.keyId()).isEqualTo(keyId);
    assertThat(replica.arn()).isEqualTo(arnIn(WEST, keyId));
    assertThat(replica.description()).isEqualTo("replica");
    assertThat(replica.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(replica.currentKeyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
    assertThat(replica.multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.REPLICA);
    assertThat(replica.multiRegionConfiguration().primaryKey())
        .isEqualTo(new MultiRegionKey(arnIn(EAST, keyId), EAST));
    assertThat(replica.multiRegionConfiguration().replicaKeys())
        .containsExactly(new MultiRegionKey(arnIn(WEST, keyId), WEST));
    assertThat(response.replicaPolicy())
        .isEqualTo(DefaultKeyPolicy.forAccount(TestKms.LOCATION.withRegion(WEST)));
    assertThat(response.replicaTags()).containsExactly(new Tag("side", "replica"));
    assertThat(describe(west, keyId)).isEqualTo(replica);

    KeyMetadata primary = f.describe(keyId);
    assertThat(primary.description()).isEqualTo("primary");
    assertThat(primary.multiRegionConfiguration().replicaKeys())
        .containsExactly(new MultiRegionKey(arnIn(WEST, keyId), WEST));
    assertThat(
            call(west, west.listResourceTags, Requests.listResourceTags(keyId, null, null)).tags())
        .containsExactly(new Tag("side", "replica"));
    assertThat(
            call(east, east.listResourceTags, Requests.listResourceTags(keyId, null, null)).tags())
        .containsExactly(new Tag("side", "primary"));
    // The same versions: the same material ids and wrapped material, stored as the primary has
    // them.
    List<KeyVersion> versions = storedIn(EAST, keyId).versions();
    assertThat(storedIn(WEST, keyId).versions()).isEqualTo(versions);
  }

  @Test
  void replicateKey_isAudited_theReplicaWithTheRequest_thePrimarysConfigurationAsSynchronization() {
    String keyId = multiRegionKey();

    replicate(keyId, WEST);

    List<AuditEvent> events = f.audit();
    AuditEvent sync = events.get(events.size() - 2);
    assertThat(sync.eventName()).isEqualTo(MultiRegionCopies.EVENT);
    AuditEvent replicated = events.get(events.size() - 1);
    assertThat(replicated.eventName()).isEqualTo("ReplicateKey");
    assertThat(replicated.errorCode()).isNull();
  }

  @Test
  void replicateKey_intoAThirdRegion_tellsEveryCopy() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    replicate(keyId, SOUTH);

    List<MultiRegionKey> replicas =
        List.of(
            new MultiRegionKey(arnIn(WEST, keyId), WEST),
            new MultiRegionKey(arnIn(SOUTH, keyId), SOUTH));
    for (Kms region : List.of(east, west, south)) {
      assertThat(describe(region, keyId).multiRegionConfiguration().replicaKeys())
          .containsExactlyElementsOf(replicas);
    }
  }

  @Test
  void replicateKey_ofASingleRegionKey_orOfAReplica_isUnsupportedOperation() {
    String single = f.createKey();
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(single, WEST, null, null, null, null)))
        .hasMessage(arnIn(EAST, single) + " is not a multi-region primary key.");
    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                west,
                west.replicateKey,
                new ReplicateKeyRequest(keyId, SOUTH, null, null, null, null)))
        .hasMessage(arnIn(WEST, keyId) + " is not a multi-region primary key.");
  }

  @Test
  void replicateKey_intoARegionThatHasACopy_isAlreadyExists() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    assertThat(
            error(
                KmsErrorType.ALREADY_EXISTS,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(keyId, WEST, null, null, null, null)))
        .hasMessage(arnIn(WEST, keyId) + " already exists.");
    assertThat(
            error(
                KmsErrorType.ALREADY_EXISTS,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(keyId, EAST, null, null, null, null)))
        .hasMessage(arnIn(EAST, keyId) + " already exists.");
  }

  @Test
  void replicateKey_followsTheKeyStateTable() {
    String disabled = multiRegionKey();
    f.disable(disabled);
    String pendingDeletion = multiRegionKey();
    f.scheduleDeletion(pendingDeletion);
    String pendingImport =
        f.createKey(Requests.createKey().origin(Origin.EXTERNAL).multiRegion(true));

    assertThat(
            error(
                KmsErrorType.DISABLED,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(disabled, WEST, null, null, null, null)))
        .hasMessage(arnIn(EAST, disabled) + " is disabled.");
    assertThat(
            error(
                KmsErrorType.INVALID_STATE,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(pendingDeletion, WEST, null, null, null, null)))
        .hasMessage(arnIn(EAST, pendingDeletion) + " is pending deletion.");
    assertThat(
            error(
                KmsErrorType.INVALID_STATE,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(pendingImport, WEST, null, null, null, null)))
        .hasMessage(arnIn(EAST, pendingImport) + " is pending import.");
    assertThat(f.test.store().inRegion(WEST).find(new KeyId(disabled))).isEmpty();
  }

  @Test
  void replicateKey_validatesItsRegion_andTakesNoAlias() {
    String keyId = multiRegionKey();
    f.createAlias("alias/mrk", keyId);

    error(
        KmsErrorType.VALIDATION,
        east,
        east.replicateKey,
        new ReplicateKeyRequest(keyId, null, null, null, null, null));
    assertThat(
            error(
                KmsErrorType.VALIDATION,
                east,
                east.replicateKey,
                new ReplicateKeyRequest(keyId, "mars", null, null, null, null)))
        .hasMessageContaining("at 'replicaRegion' failed to satisfy constraint");
    assertThat(
            error(
                KmsErrorType.NOT_FOUND,
                east,
                east.replicateKey,
                new ReplicateKeyRequest("alias/mrk", WEST, null, null, null, null)))
        .hasMessage("Invalid keyId 'alias/mrk'");
  }

  @Test
  void replicateKey_checksItsPolicy_likeCreateKey() {
    String keyId = multiRegionKey();
    String lockout =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::111122223333:user/nobody\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

    error(
        KmsErrorType.MALFORMED_POLICY_DOCUMENT,
        east,
        east.replicateKey,
        new ReplicateKeyRequest(keyId, WEST, "{not json", null, null, null));
    error(
        KmsErrorType.MALFORMED_POLICY_DOCUMENT,
        east,
        east.replicateKey,
        new ReplicateKeyRequest(keyId, WEST, lockout, null, null, null));
    ReplicateKeyResponse bypassed =
        call(
            east,
            east.replicateKey,
            new ReplicateKeyRequest(keyId, WEST, lockout, true, null, null));

    assertThat(bypassed.replicaPolicy()).isEqualTo(lockout);
    assertThat(storedIn(WEST, keyId).policy()).isEqualTo(lockout);
  }

  @Test
  void replicateKey_pastTheReplicaRegionsKeyQuota_isLimitExceeded_andLeavesNoTrace() {
    KmsEnvironment limited =
        new KmsEnvironment(
            TestKms.LOCATION,
            f.test.store(),
            f.test.enclave(),
            f.test.clock(),
            CustomKeyStoreHsm.none(),
            new ResourceQuotas(1, 50, 50_000));
    Kms eastLimited = new Kms(limited, f.test.audit());
    Kms westLimited = new Kms(limited.inRegion(WEST), f.test.audit());
    String keyId = f.createKey(Requests.createKey().multiRegion(true));
    call(westLimited, westLimited.createKey, Requests.createKey().build());

    error(
        KmsErrorType.LIMIT_EXCEEDED,
        eastLimited,
        eastLimited.replicateKey,
        new ReplicateKeyRequest(keyId, WEST, null, null, null, null));

    assertThat(f.describe(keyId).multiRegionConfiguration().replicaKeys()).isEmpty();
    assertThat(f.test.store().inRegion(WEST).find(new KeyId(keyId))).isEmpty();
  }

  // ------------------------------------------------------------------ cryptography across regions

  @Test
  void aCiphertextMadeInOneRegion_decryptsInTheOther_bothWays() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    byte[] fromEast = f.encrypt(keyId, utf8("made in the east"), KmsFixture.CONTEXT);
    byte[] fromWest =
        call(west, west.encrypt, Requests.encrypt(keyId, utf8("made in the west"), null))
            .ciphertextBlob();

    DecryptResponse inWest =
        call(west, west.decrypt, Requests.decrypt(fromEast, KmsFixture.CONTEXT));
    assertThat(new String(inWest.plaintext(), StandardCharsets.UTF_8))
        .isEqualTo("made in the east");
    assertThat(inWest.keyId()).isEqualTo(arnIn(WEST, keyId));
    assertThat(f.decrypt(fromWest)).isEqualTo("made in the west");
    // The blob names the key, never the region: format 0x02 says the key id is an mrk- id.
    assertThat(fromEast[0]).isEqualTo(CiphertextBlobCodec.FORMAT_V1_MULTI_REGION);
    assertThat(CiphertextBlobCodec.parse(fromEast).keyId()).isEqualTo(new KeyId(keyId));
  }

  @Test
  void throughThePerRegionDispatch_aReplicaIsServedInItsRegion() {
    String keyId = multiRegionKey();
    f.test.callIn(
        EAST, east.replicateKey, new ReplicateKeyRequest(keyId, WEST, null, null, null, null));
    byte[] blob = f.encrypt(keyId, "dispatched");

    DecryptResponse decrypted = f.test.callIn(WEST, east.decrypt, Requests.decrypt(blob));

    assertThat(decrypted.keyId()).isEqualTo(arnIn(WEST, keyId));
    assertThat(
            f.test
                .callIn(WEST, east.describeKey, Requests.describeKey(keyId))
                .keyMetadata()
                .multiRegionConfiguration()
                .multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.REPLICA);
  }

  @Test
  void aSignatureMadeInOneRegion_verifiesInTheOther_andAMacLikewise() {
    String signing =
        f.createKey(
            Requests.createKey()
                .keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .multiRegion(true));
    String mac =
        f.createKey(
            Requests.createKey()
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .multiRegion(true));
    replicate(signing, WEST);
    replicate(mac, WEST);

    byte[] signature =
        call(
                west,
                west.sign,
                Requests.sign(
                    signing, utf8("message"), MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256))
            .signature();
    byte[] tag =
        call(
                east,
                east.generateMac,
                new GenerateMacRequest(utf8("message"), mac, MacAlgorithm.HMAC_SHA_256, null, null))
            .mac();

    assertThat(
            call(
                    east,
                    east.verify,
                    Requests.verify(
                        signing,
                        utf8("message"),
                        MessageType.RAW,
                        signature,
                        SigningAlgorithm.ECDSA_SHA_256))
                .signatureValid())
        .isTrue();
    assertThat(
            call(
                    west,
                    west.verifyMac,
                    new VerifyMacRequest(
                        utf8("message"), mac, MacAlgorithm.HMAC_SHA_256, tag, null, null))
                .macValid())
        .isTrue();
  }

  // ------------------------------------------------------------------ imported material

  /** Imports {@code material} into the copy of {@code keyId} that {@code kms} serves. */
  private static String importInto(Kms kms, String keyId, byte[] material) {
    GetParametersForImportResponse parameters =
        call(
            kms,
            kms.getParametersForImport,
            Requests.getParametersForImport(
                keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
    return call(
            kms,
            kms.importKeyMaterial,
            Requests.importKeyMaterial(keyId)
                .token(parameters.importToken())
                .material(
                    CustomerKeyWrapping.wrap(
                        WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey(), material))
                .neverExpires()
                .build())
        .keyMaterialId();
  }

  @Test
  void anExternalPrimarysReplica_waitsForTheSameMaterial_andRefusesOther() {
    String keyId = f.createKey(Requests.createKey().origin(Origin.EXTERNAL).multiRegion(true));
    byte[] material = CustomerKeyWrapping.randomMaterial(32);
    String materialId = importInto(east, keyId, material);

    KeyMetadata replica = replicate(keyId, WEST).replicaKeyMetadata();

    assertThat(replica.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(replica.origin()).isEqualTo(Origin.EXTERNAL);
    assertThat(replica.currentKeyMaterialId()).isNull();
    assertThat(
            catchThrowableOfType(
                    KmsException.class,
                    () -> importInto(west, keyId, CustomerKeyWrapping.randomMaterial(32)))
                .type())
        .isEqualTo(KmsErrorType.INCORRECT_KEY_MATERIAL);
    assertThat(importInto(west, keyId, material)).isEqualTo(materialId);
    assertThat(describe(west, keyId).keyState()).isEqualTo(KeyState.ENABLED);
    byte[] blob = f.encrypt(keyId, "imported");
    assertThat(
            new String(
                call(west, west.decrypt, Requests.decrypt(blob)).plaintext(),
                StandardCharsets.UTF_8))
        .isEqualTo("imported");
  }

  // ------------------------------------------------------------------ UpdatePrimaryRegion

  @Test
  void updatePrimaryRegion_swapsTheRolesInEveryCopy() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);
    replicate(keyId, SOUTH);

    call(east, east.updatePrimaryRegion, new UpdatePrimaryRegionRequest(keyId, WEST));

    for (Kms region : List.of(east, west, south)) {
      KeyMetadata m = describe(region, keyId);
      assertThat(m.multiRegionConfiguration().primaryKey())
          .isEqualTo(new MultiRegionKey(arnIn(WEST, keyId), WEST));
      assertThat(m.multiRegionConfiguration().replicaKeys())
          .containsExactly(
              new MultiRegionKey(arnIn(EAST, keyId), EAST),
              new MultiRegionKey(arnIn(SOUTH, keyId), SOUTH));
    }
    assertThat(describe(west, keyId).multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.PRIMARY);
    assertThat(describe(east, keyId).multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.REPLICA);
    // Only the new primary replicates and rotates now.
    error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        east,
        east.replicateKey,
        new ReplicateKeyRequest(keyId, "ca-central-1", null, null, null, null));
    call(
        west,
        west.replicateKey,
        new ReplicateKeyRequest(keyId, "ca-central-1", null, null, null, null));
    assertThat(describe(east, keyId).multiRegionConfiguration().replicaKeys()).hasSize(3);
  }

  @Test
  void updatePrimaryRegion_refusesWhatAwsRefuses() {
    String single = f.createKey();
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                east,
                east.updatePrimaryRegion,
                new UpdatePrimaryRegionRequest(single, WEST)))
        .hasMessage(arnIn(EAST, single) + " is not a multi-region primary key.");
    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                west,
                west.updatePrimaryRegion,
                new UpdatePrimaryRegionRequest(keyId, EAST)))
        .hasMessage(arnIn(WEST, keyId) + " is not a multi-region primary key.");
    assertThat(
            error(
                KmsErrorType.NOT_FOUND,
                east,
                east.updatePrimaryRegion,
                new UpdatePrimaryRegionRequest(keyId, SOUTH)))
        .hasMessage("Key '" + arnIn(SOUTH, keyId) + "' does not exist");
    error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        east,
        east.updatePrimaryRegion,
        new UpdatePrimaryRegionRequest(keyId, EAST));
    error(
        KmsErrorType.VALIDATION,
        east,
        east.updatePrimaryRegion,
        new UpdatePrimaryRegionRequest(keyId, "Not A Region"));
    f.disable(keyId);
    assertThat(
            error(
                KmsErrorType.DISABLED,
                east,
                east.updatePrimaryRegion,
                new UpdatePrimaryRegionRequest(keyId, WEST)))
        .hasMessage(arnIn(EAST, keyId) + " is disabled.");
    assertThat(describe(west, keyId).multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.REPLICA);
  }

  // ------------------------------------------------------------------ deletion

  @Test
  void scheduleKeyDeletion_ofAPrimaryWithReplicas_waitsForThem_withoutADeletionDate() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    ScheduleKeyDeletionResponse scheduled =
        f.call(east.scheduleKeyDeletion, Requests.scheduleKeyDeletion(keyId, 7));

    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
    assertThat(scheduled.deletionDate()).isNull();
    assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
    KeyMetadata m = f.describe(keyId);
    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
    assertThat(m.enabled()).isFalse();
    assertThat(m.deletionDate()).isNull();
    assertThat(m.pendingDeletionWindowInDays()).isEqualTo(7);
    assertThat(
            error(
                KmsErrorType.INVALID_STATE,
                east,
                east.encrypt,
                Requests.encrypt(keyId, utf8("x"), null)))
        .hasMessage(arnIn(EAST, keyId) + " is pending replica deletion.");
    error(
        KmsErrorType.INVALID_STATE,
        east,
        east.replicateKey,
        new ReplicateKeyRequest(keyId, SOUTH, null, null, null, null));
    // The replica is its own key: it still works.
    assertThat(describe(west, keyId).keyState()).isEqualTo(KeyState.ENABLED);
    call(west, west.encrypt, Requests.encrypt(keyId, utf8("x"), null));
    // The lifecycle job has nothing to do on a primary that waits for its replicas.
    f.advance(Duration.ofDays(31));
    f.test.lifecycleJob().run();
    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
  }

  @Test
  void cancelKeyDeletion_ofAPrimaryPendingReplicaDeletion_disablesIt() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);
    f.scheduleDeletion(keyId);

    f.call(east.cancelKeyDeletion, Requests.cancelKeyDeletion(keyId));

    KeyMetadata m = f.describe(keyId);
    assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(m.pendingDeletionWindowInDays()).isNull();
  }

  @Test
  void theLastReplicasDeletion_startsThePrimarysWindow_andEveryCopyForgetsADeletedReplica() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);
    replicate(keyId, SOUTH);
    f.call(east.scheduleKeyDeletion, Requests.scheduleKeyDeletion(keyId, 10));
    call(west, west.scheduleKeyDeletion, Requests.scheduleKeyDeletion(keyId, 7));
    call(south, south.scheduleKeyDeletion, Requests.scheduleKeyDeletion(keyId, 30));

    f.advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(f.test.lifecycleJob().run().deleted()).isEqualTo(1);

    assertThat(f.test.store().inRegion(WEST).find(new KeyId(keyId))).isEmpty();
    assertThat(f.describe(keyId).multiRegionConfiguration().replicaKeys())
        .containsExactly(new MultiRegionKey(arnIn(SOUTH, keyId), SOUTH));
    assertThat(describe(south, keyId).multiRegionConfiguration().replicaKeys())
        .containsExactly(new MultiRegionKey(arnIn(SOUTH, keyId), SOUTH));
    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);

    f.advance(Duration.ofDays(23));
    assertThat(f.test.lifecycleJob().run().deleted()).isEqualTo(1);

    KeyMetadata primary = f.describe(keyId);
    assertThat(primary.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(primary.deletionDate()).isEqualTo(f.now().plus(Duration.ofDays(10)));
    assertThat(primary.pendingDeletionWindowInDays()).isEqualTo(10);
    assertThat(primary.multiRegionConfiguration().replicaKeys()).isEmpty();
    assertThat(f.audit().stream().map(AuditEvent::eventName))
        .contains("DeleteKey", MultiRegionCopies.EVENT);

    f.advance(Duration.ofDays(10));
    f.test.lifecycleJob().run();
    assertThat(f.test.store().find(new KeyId(keyId))).isEmpty();
  }

  // ------------------------------------------------------------------ rotation

  @Test
  void rotationSettings_areThePrimarys_andReachTheReplicas() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    f.call(east.enableKeyRotation, Requests.enableKeyRotation(keyId, 180));

    GetKeyRotationStatusResponse primary =
        f.call(east.getKeyRotationStatus, Requests.getKeyRotationStatus(keyId));
    GetKeyRotationStatusResponse replica =
        call(west, west.getKeyRotationStatus, Requests.getKeyRotationStatus(keyId));
    assertThat(replica.keyRotationEnabled()).isTrue();
    assertThat(replica.rotationPeriodInDays()).isEqualTo(180);
    assertThat(replica.nextRotationDate()).isEqualTo(primary.nextRotationDate());
    assertThat(replica.keyId()).isEqualTo(arnIn(WEST, keyId));

    f.call(east.disableKeyRotation, Requests.disableKeyRotation(keyId));
    assertThat(
            call(west, west.getKeyRotationStatus, Requests.getKeyRotationStatus(keyId))
                .keyRotationEnabled())
        .isFalse();
  }

  @Test
  void rotationChanges_onAReplica_areUnsupportedOperation() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);
    String message =
        arnIn(WEST, keyId)
            + " is a multi-Region replica key. Its rotation is managed on its primary key in "
            + EAST
            + ".";

    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                west,
                west.enableKeyRotation,
                Requests.enableKeyRotation(keyId, null)))
        .hasMessage(message);
    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                west,
                west.disableKeyRotation,
                Requests.disableKeyRotation(keyId)))
        .hasMessage(message);
    assertThat(
            error(
                KmsErrorType.UNSUPPORTED_OPERATION,
                west,
                west.rotateKeyOnDemand,
                Requests.rotateKeyOnDemand(keyId)))
        .hasMessage(message);
  }

  @Test
  void rotateKeyOnDemand_ofThePrimary_reachesTheReplica() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);

    f.call(east.rotateKeyOnDemand, Requests.rotateKeyOnDemand(keyId));
    byte[] underTheNewVersion = f.encrypt(keyId, "rotated");

    List<RotationsListEntry> rotations =
        call(west, west.listKeyRotations, Requests.listKeyRotations(keyId)).rotations();
    assertThat(rotations).hasSize(1);
    assertThat(rotations.get(0).rotationType()).isEqualTo("ON_DEMAND");
    assertThat(describe(west, keyId).currentKeyMaterialId())
        .isEqualTo(f.describe(keyId).currentKeyMaterialId());
    assertThat(
            new String(
                call(west, west.decrypt, Requests.decrypt(underTheNewVersion)).plaintext(),
                StandardCharsets.UTF_8))
        .isEqualTo("rotated");
    assertThat(f.audit().stream().map(AuditEvent::eventName)).contains(MultiRegionCopies.EVENT);
  }

  @Test
  void automaticRotation_byTheLifecycleJob_reachesTheReplica_whichNeverRotatesItself() {
    String keyId = multiRegionKey();
    replicate(keyId, WEST);
    f.call(east.enableKeyRotation, Requests.enableKeyRotation(keyId, 90));
    f.advance(Duration.ofDays(90).plusMinutes(1));

    // The job visits every region: the primary rotates, the replica only follows it.
    assertThat(f.test.lifecycleJob().run().rotated()).isEqualTo(1);

    assertThat(storedIn(WEST, keyId).versions()).isEqualTo(storedIn(EAST, keyId).versions());
    assertThat(storedIn(WEST, keyId).versions()).hasSize(2);
    assertThat(storedIn(WEST, keyId).rotation()).isEqualTo(storedIn(EAST, keyId).rotation());
    assertThat(storedIn(WEST, keyId).dueAt()).as("a replica is never due to rotate").isNull();
  }

  @Test
  void aLocationOfAnotherRegion_namesTheSameKeyId() {
    KmsLocation westLocation = TestKms.LOCATION.withRegion(WEST);
    KeyId keyId = KeyId.randomMultiRegion();
    assertThat(westLocation.keyArn(keyId)).isEqualTo(arnIn(WEST, keyId.value()));
  }
}
