package dev.serverlesskms.functions.lifecycle;

import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.functions.config.KmsConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * The key lifecycle, through the AWS SDK for Java v2 against the KMS running in-process, with the
 * KMS clock under the test's control: rotation (automatic and on demand), scheduled deletion, and
 * imported key material with expiry, each carried out by the scheduled lifecycle function of the
 * application, with its audit records and its EMF metric.
 *
 * <p>The rules of import (each wrapping algorithm, refused wrappings and tokens, expiration rules,
 * DeleteImportedKeyMaterial) are kms-core's ImportOperationsTest, with the real enclave's side in
 * kms-enclave's KeyVersionEnclaveContract; those of rotation and deletion are kms-core's
 * RotationOperationsTest, DeletionOperationsTest and KeyLifecycleJobTest.
 */
@QuarkusTest
class KeyLifecycleTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  static KmsClient kms;

  @Inject ScheduledFunctions scheduled;
  @Inject KeyLifecycleJob job;
  @Inject KmsConfig config;

  @BeforeAll
  static void client() {
    kms = InProcessKms.client();
  }

  @AfterAll
  static void close() {
    kms.close();
  }

  // ---------------------------------------------------------------- rotation

  @Test
  void
      automaticAndOnDemandRotation_newEncryptionsUseTheNewestVersion_andEveryCiphertextStillDecrypts() {
    KeyMetadata key = kms.createKey(r -> r.description("rotating")).keyMetadata();
    List<SdkBytes> ciphertexts = new ArrayList<>();
    List<String> materialIds = new ArrayList<>();
    encryptInto(key, "v1", ciphertexts, materialIds);

    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    GetKeyRotationStatusResponse status = kms.getKeyRotationStatus(r -> r.keyId(key.arn()));
    assertThat(status.keyRotationEnabled()).isTrue();
    assertThat(status.rotationPeriodInDays()).isEqualTo(90);
    assertThat(status.nextRotationDate()).isEqualTo(now().plus(Duration.ofDays(90)));

    CLOCK.advance(Duration.ofDays(91));
    scheduled.processDueKeys(null);
    encryptInto(key, "v2", ciphertexts, materialIds);
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).nextRotationDate())
        .isEqualTo(now().plus(Duration.ofDays(90)));

    assertThat(kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())).keyId()).isEqualTo(key.arn());
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).onDemandRotationStartDate())
        .isEqualTo(now());
    encryptInto(key, "v3", ciphertexts, materialIds);

    assertThat(materialIds).doesNotHaveDuplicates();
    for (int i = 0; i < ciphertexts.size(); i++) {
      SdkBytes blob = ciphertexts.get(i);
      assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
          .isEqualTo("v" + (i + 1));
      assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).keyMaterialId())
          .isEqualTo(materialIds.get(i));
    }
    List<RotationsListEntry> rotations =
        kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations();
    assertThat(rotations)
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.AUTOMATIC, RotationType.ON_DEMAND);
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId()).limit(1)).truncated()).isTrue();
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().currentKeyMaterialId())
        .isEqualTo(materialIds.get(2));
  }

  @Test
  void scheduledRotation_runTwice_rotatesOnce() {
    KeyMetadata key = kms.createKey(r -> r.description("idempotent")).keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    CLOCK.advance(Duration.ofDays(90));
    job.run();
    job.run();
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations()).hasSize(1);
  }

  @Test
  void rotationIsPausedWhileDisabled_andHappensOnTheNextRunAfterReEnabling() {
    KeyMetadata key = kms.createKey(r -> r.description("paused")).keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    kms.disableKey(r -> r.keyId(key.keyId()));
    CLOCK.advance(Duration.ofDays(100));
    job.run();
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations()).isEmpty();
    kms.enableKey(r -> r.keyId(key.keyId()));
    job.run();
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations()).hasSize(1);
  }

  @Test
  void rotationRules_matchAws() {
    KeyMetadata key = kms.createKey(r -> r.description("rules")).keyMetadata();
    expect(
        "ValidationException",
        () -> kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(89)));
    expect(
        "ValidationException",
        () -> kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(2561)));
    kms.enableKeyRotation(r -> r.keyId(key.keyId()));
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).rotationPeriodInDays())
        .isEqualTo(365);
    kms.disableKeyRotation(r -> r.keyId(key.keyId()));
    GetKeyRotationStatusResponse off = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
    assertThat(off.keyRotationEnabled()).isFalse();
    assertThat(off.nextRotationDate()).isNull();

    KeyMetadata external = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata();
    expect(
        "UnsupportedOperationException",
        () -> kms.enableKeyRotation(r -> r.keyId(external.keyId())));
    expect(
        "UnsupportedOperationException",
        () -> kms.rotateKeyOnDemand(r -> r.keyId(external.keyId())));
    expect(
        "UnsupportedOperationException",
        () -> kms.getKeyRotationStatus(r -> r.keyId(external.keyId())));

    kms.disableKey(r -> r.keyId(key.keyId()));
    expect("DisabledException", () -> kms.enableKeyRotation(r -> r.keyId(key.keyId())));
    expect("DisabledException", () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())));
  }

  @Test
  void rotateKeyOnDemand_allows25PerKey_andConflictsWithAnImminentAutomaticRotation() {
    KeyMetadata key = kms.createKey(r -> r.description("on demand")).keyMetadata();
    for (int i = 0; i < 25; i++) {
      kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));
    }
    assertThat(
            expect("LimitExceededException", () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())))
                .awsErrorDetails()
                .errorMessage())
        .startsWith("The on-demand rotations limit has been reached for the given keyId.");
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId()).limit(1000)).rotations()).hasSize(25);

    KeyMetadata soon = kms.createKey(r -> r.description("automatic soon")).keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(soon.keyId()).rotationPeriodInDays(90));
    CLOCK.advance(Duration.ofDays(90).minus(Duration.ofMinutes(10)));
    expect("ConflictException", () -> kms.rotateKeyOnDemand(r -> r.keyId(soon.keyId())));
  }

  // ---------------------------------------------------------------- deletion

  @Test
  void scheduleCancelAndDelete_onSchedule_withVersionsAndAliases() {
    KeyMetadata key = kms.createKey(r -> r.description("doomed")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(key.keyId()));

    ScheduleKeyDeletionResponse schedule = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()));
    assertThat(schedule.keyId()).isEqualTo(key.arn());
    assertThat(schedule.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(schedule.pendingWindowInDays()).isEqualTo(30);
    assertThat(schedule.deletionDate()).isEqualTo(now().plus(Duration.ofDays(30)));
    KeyMetadata pending = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(pending.deletionDate()).isEqualTo(schedule.deletionDate());
    assertThat(pending.pendingDeletionWindowInDays()).isEqualTo(30);
    assertThat(
            expect(
                    "KMSInvalidStateException",
                    () ->
                        kms.encrypt(
                            r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(key.arn() + " is pending deletion.");
    expect("KMSInvalidStateException", () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId())));
    expect("KMSInvalidStateException", () -> kms.enableKey(r -> r.keyId(key.keyId())));
    expect(
        "KMSInvalidStateException",
        () -> kms.createAlias(r -> r.aliasName("alias/doomed-2").targetKeyId(key.keyId())));

    assertThat(kms.cancelKeyDeletion(r -> r.keyId(key.keyId())).keyId()).isEqualTo(key.arn());
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
    expect("KMSInvalidStateException", () -> kms.cancelKeyDeletion(r -> r.keyId(key.keyId())));

    expect(
        "ValidationException",
        () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(6)));
    expect(
        "ValidationException",
        () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(31)));
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    CLOCK.advance(Duration.ofDays(6));
    job.run();
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_DELETION);

    CLOCK.advance(Duration.ofDays(1).plusSeconds(1));
    LifecycleSummary summary = this.scheduled.processDueKeys(null);
    assertThat(summary.deleted()).isGreaterThanOrEqualTo(1);
    expect("NotFoundException", () -> kms.describeKey(r -> r.keyId(key.keyId())));
    expect("NotFoundException", () -> kms.describeKey(r -> r.keyId("alias/doomed")));
    assertThat(kms.listKeys(r -> r.limit(1000)).keys())
        .noneMatch(k -> k.keyId().equals(key.keyId()));
    assertThat(auditEventNames()).contains("DeleteKey");
  }

  // ---------------------------------------------------------------- import

  @Test
  void importedMaterial_expiresOnSchedule_andOnlyTheSameMaterialCanBeImportedAgain()
      throws Exception {
    KeyMetadata key =
        kms.createKey(r -> r.origin(OriginType.EXTERNAL).description("expiring")).keyMetadata();
    byte[] material = random(32);
    importMaterial(key, material, now().plus(Duration.ofDays(20)), WrappingKeySpec.RSA_3072);
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("before expiry")))
            .ciphertextBlob();

    int reported = scheduled.reportKeyMaterialExpiry(null);
    assertThat(reported).isGreaterThanOrEqualTo(1);
    JsonNode metric = lastMetricFor(key.keyId());
    assertThat(metric.get("SecondsUntilKeyMaterialExpiration").asDouble())
        .isEqualTo(Duration.ofDays(20).toSeconds());
    assertThat(metric.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
        .isEqualTo("ServerlessKMS");

    CLOCK.advance(Duration.ofDays(20).plusSeconds(1));
    job.run();
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_IMPORT);
    expect("KMSInvalidStateException", () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
    assertThat(auditEventNames()).contains("DeleteExpiredKeyMaterial");

    byte[] other = random(32);
    GetParametersForImportResponse p1 =
        parameters(key, "RSAES_OAEP_SHA_256", WrappingKeySpec.RSA_2048);
    expect(
        "IncorrectKeyMaterialException",
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(key.keyId())
                        .importToken(p1.importToken())
                        .encryptedKeyMaterial(wrap("RSAES_OAEP_SHA_256", p1, other))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));

    GetParametersForImportResponse p2 =
        parameters(key, "RSAES_OAEP_SHA_256", WrappingKeySpec.RSA_2048);
    kms.importKeyMaterial(
        r ->
            r.keyId(key.keyId())
                .importToken(p2.importToken())
                .encryptedKeyMaterial(wrap("RSAES_OAEP_SHA_256", p2, material))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
        .isEqualTo("before expiry");
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().validTo()).isNull();
  }

  // ---------------------------------------------------------------- helpers

  private static void encryptInto(
      KeyMetadata key, String text, List<SdkBytes> blobs, List<String> materialIds) {
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String(text)))
            .ciphertextBlob();
    blobs.add(blob);
    materialIds.add(kms.decrypt(r -> r.ciphertextBlob(blob)).keyMaterialId());
  }

  private static void importMaterial(
      KeyMetadata key, byte[] material, Instant validTo, WrappingKeySpec spec) throws Exception {
    GetParametersForImportResponse parameters = parameters(key, "RSA_AES_KEY_WRAP_SHA_256", spec);
    kms.importKeyMaterial(
        r ->
            r.keyId(key.keyId())
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(wrap("RSA_AES_KEY_WRAP_SHA_256", parameters, material))
                .validTo(validTo));
  }

  private static GetParametersForImportResponse parameters(
      KeyMetadata key, String algorithm, WrappingKeySpec spec) {
    return kms.getParametersForImport(
        r ->
            r.keyId(key.keyId())
                .wrappingAlgorithm(AlgorithmSpec.fromValue(algorithm))
                .wrappingKeySpec(spec));
  }

  private static SdkBytes wrap(
      String algorithm, GetParametersForImportResponse parameters, byte[] material) {
    try {
      return SdkBytes.fromByteArray(
          CustomerKeyWrapping.wrap(algorithm, parameters.publicKey().asByteArray(), material));
    } catch (Exception e) {
      throw new AssertionError("the customer-side wrapping failed", e);
    }
  }

  private List<String> auditEventNames() {
    try {
      List<String> names = new ArrayList<>();
      for (String line : Files.readAllLines(config.dataDir().resolve("audit.jsonl"))) {
        JsonNode record = JSON.readTree(line);
        if (record.get("userIdentity").get("type").asText().equals("AWSService")) {
          names.add(record.get("eventName").asText());
        }
      }
      return names;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode lastMetricFor(String keyId) throws Exception {
    JsonNode last = null;
    for (String line : TestClockAndMetrics.metricsWritten().split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        if (keyId.equals(node.path("KeyId").asText())) {
          last = node;
        }
      }
    }
    assertThat(last).as("a metric for %s", keyId).isNotNull();
    return last;
  }

  private static Instant now() {
    return CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static KmsException expect(String errorCode, ThrowingCallable call) {
    KmsException error = catchThrowableOfType(KmsException.class, call);
    assertThat(error).as("expected %s", errorCode).isNotNull();
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode);
    return error;
  }
}
