package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.GenerateMacRequest;
import dev.serverlesskms.core.api.GetKeyLastUsageRequest;
import dev.serverlesskms.core.api.GetKeyLastUsageResponse;
import dev.serverlesskms.core.api.KeyLastUsageData;
import dev.serverlesskms.core.api.VerifyMacRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.DataKeySpec;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GetKeyLastUsage: the last successful cryptographic use of a key, with its audit record's event id
 * and its request id; the newer of this KMS's unsaved record and the store's; key id or ARN only;
 * in every key state.
 */
class GetKeyLastUsageTest {
  private static final byte[] MESSAGE = utf8("used");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private GetKeyLastUsageResponse lastUsage(String keyIdOrArn) {
    return f.call(kms.getKeyLastUsage, new GetKeyLastUsageRequest(keyIdOrArn));
  }

  /** The use reported is the request {@code record} audits. */
  private static void assertUseOf(KeyLastUsageData use, AuditEvent record) {
    assertThat(use.operation()).isEqualTo(record.eventName());
    assertThat(use.timestamp()).isEqualTo(record.eventTime());
    assertThat(use.cloudTrailEventId()).isEqualTo(record.eventId());
    assertThat(use.kmsRequestId()).isEqualTo(record.requestId());
  }

  /** The key's last use is the request audited last (read before GetKeyLastUsage is audited). */
  private void assertLastUseIsTheLastRequest(String keyId) {
    AuditEvent last = f.lastAudit();
    assertUseOf(lastUsage(keyId).keyLastUsage(), last);
  }

  @Test
  void aKeyNeverUsed_hasNoLastUsage_andTrackingStartsAtThisKmsRelease() {
    String keyId = f.createKey(); // the test clock starts before the release

    GetKeyLastUsageResponse answer = lastUsage(keyId);

    assertThat(answer.keyId()).isEqualTo(keyId);
    assertThat(answer.keyLastUsage()).isNull();
    assertThat(answer.keyCreationDate()).isEqualTo(f.describe(keyId).creationDate());
    assertThat(answer.trackingStartDate()).isEqualTo(GetKeyLastUsageOperation.TRACKING_START);
    assertThat(answer.keyCreationDate()).isBefore(answer.trackingStartDate());
  }

  @Test
  void aKeyCreatedAfterTheRelease_isTrackedFromItsCreation() {
    f.test.clock().set(GetKeyLastUsageOperation.TRACKING_START.plus(Duration.ofDays(3)));
    String keyId = f.createKey();

    GetKeyLastUsageResponse answer = lastUsage(keyId);

    assertThat(answer.trackingStartDate()).isEqualTo(answer.keyCreationDate());
  }

  @Test
  void encrypt_isTheLastUse_withItsAuditRecordsEventIdAndRequestId() {
    String keyId = f.createKey();
    f.encrypt(keyId, "first");
    f.advance(Duration.ofSeconds(5));
    f.encrypt(keyId, "second");
    AuditEvent encrypt = f.lastAudit();

    KeyLastUsageData use = lastUsage(arn(keyId)).keyLastUsage();

    assertUseOf(use, encrypt);
    assertThat(use.timestamp()).isEqualTo(f.now());
  }

  @Test
  void eachTrackedOperation_becomesTheLastUse() {
    String symmetric = f.createKey();
    byte[] blob = f.encrypt(symmetric, "x");
    f.decrypt(blob);
    assertLastUseIsTheLastRequest(symmetric);
    f.call(kms.generateDataKey, Requests.generateDataKey(symmetric, null, DataKeySpec.AES_256));
    assertLastUseIsTheLastRequest(symmetric);

    String signing =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
    byte[] signature =
        f.call(
                kms.sign,
                Requests.sign(signing, MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256))
            .signature();
    assertLastUseIsTheLastRequest(signing);
    f.call(
        kms.verify,
        Requests.verify(
            signing, MESSAGE, MessageType.RAW, signature, SigningAlgorithm.ECDSA_SHA_256));
    assertLastUseIsTheLastRequest(signing);

    String hmac =
        f.createKey(
            Requests.createKey().keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
    byte[] mac =
        f.call(
                kms.generateMac,
                new GenerateMacRequest(MESSAGE, hmac, MacAlgorithm.HMAC_SHA_256, null, null))
            .mac();
    assertLastUseIsTheLastRequest(hmac);
    f.call(
        kms.verifyMac,
        new VerifyMacRequest(MESSAGE, hmac, MacAlgorithm.HMAC_SHA_256, mac, null, null));
    KeyLastUsageData verifyMac = lastUsage(hmac).keyLastUsage();
    assertThat(verifyMac.operation()).isEqualTo("VerifyMac");
  }

  @Test
  void reEncrypt_isTheLastUseOfBothKeys() {
    String source = f.createKey();
    String destination = f.createKey();
    byte[] blob = f.encrypt(source, "moved");

    f.call(kms.reEncrypt, Requests.reEncrypt(blob, null, destination));
    AuditEvent reEncrypt = f.lastAudit();

    assertUseOf(lastUsage(source).keyLastUsage(), reEncrypt);
    assertUseOf(lastUsage(destination).keyLastUsage(), reEncrypt);
  }

  @Test
  void failedRequests_dryRuns_andOperationsThatAreNotUses_leaveTheLastUseAlone() {
    String keyId = f.createKey();
    f.encrypt(keyId, "the use");
    KeyLastUsageData use = lastUsage(keyId).keyLastUsage();
    f.advance(Duration.ofMinutes(2));

    f.describe(keyId);
    f.call(kms.getKeyRotationStatus, Requests.getKeyRotationStatus(keyId));
    f.error(
        KmsErrorType.DRY_RUN,
        kms.encrypt,
        new EncryptRequest(keyId, MESSAGE, null, null, null, true));
    f.disable(keyId);
    f.error(KmsErrorType.DISABLED, kms.encrypt, Requests.encrypt(keyId, MESSAGE));

    assertThat(lastUsage(keyId).keyLastUsage()).isEqualTo(use);
  }

  @Test
  void itAnswersInEveryKeyState() {
    for (KeyState state :
        List.of(
            KeyState.ENABLED,
            KeyState.DISABLED,
            KeyState.PENDING_DELETION,
            KeyState.PENDING_IMPORT)) {
      String keyId = f.keyIn(state);
      assertThat(lastUsage(keyId).keyId()).as("%s", state).isEqualTo(keyId);
    }
  }

  @Test
  void anAliasIsNotAccepted_andAnUnknownKeyIsNotFound() {
    String keyId = f.createKey();
    f.createAlias("alias/used", keyId);

    assertThat(
            f.error(
                    KmsErrorType.NOT_FOUND,
                    kms.getKeyLastUsage,
                    new GetKeyLastUsageRequest("alias/used"))
                .getMessage())
        .isEqualTo("Invalid keyId 'alias/used'");
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.getKeyLastUsage,
        new GetKeyLastUsageRequest(KmsFixture.aliasArn("alias/used")));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.getKeyLastUsage,
        new GetKeyLastUsageRequest(KeyId.random().value()));
    f.error(KmsErrorType.VALIDATION, kms.getKeyLastUsage, new GetKeyLastUsageRequest(null));
  }

  @Test
  void isAudited_asAReadWithItsKeyId() {
    String keyId = f.createKey();

    lastUsage(keyId);

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("GetKeyLastUsage");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("keyId", keyId);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
  }

  @Test
  void usesAreSavedOnceTheIntervalHasPassed_andTheNewerOfMemoryAndStoreIsAnswered() {
    String keyId = f.createKey();
    KeyId key = new KeyId(keyId);
    f.advance(Duration.ofMinutes(2));

    f.encrypt(keyId, "saved: the interval has passed since the KMS started");
    AuditEvent encrypt = f.lastAudit();
    assertThat(f.test.store().findKeyLastUsage(key))
        .map(KeyLastUsage::cloudTrailEventId)
        .contains(encrypt.eventId());
    assertThat(kms.keyLastUsage().pendingCount()).isZero();

    f.advance(Duration.ofSeconds(1));
    f.decrypt(f.encrypt(keyId, "held: within the interval"));
    AuditEvent decrypt = f.lastAudit();
    assertThat(f.test.store().findKeyLastUsage(key))
        .map(KeyLastUsage::operation)
        .contains("Encrypt");
    assertUseOf(lastUsage(keyId).keyLastUsage(), decrypt);

    // another instance saved a newer use: the store's is answered
    KeyLastUsage elsewhere =
        new KeyLastUsage(key, "Sign", f.now().plusSeconds(30), "event-elsewhere", "request-2");
    f.test.store().saveKeyLastUsage(List.of(elsewhere));
    assertThat(lastUsage(keyId).keyLastUsage().cloudTrailEventId()).isEqualTo("event-elsewhere");

    assertThat(kms.keyLastUsage().flush().saved()).isEqualTo(1);
    assertThat(f.test.store().findKeyLastUsage(key)).contains(elsewhere);
  }

  @Test
  void aDeletedKeysUse_isGoneWithIt() {
    String keyId = f.createKey();
    f.encrypt(keyId, "used, then deleted");
    f.scheduleDeletion(keyId);
    f.advance(Duration.ofDays(31));
    f.test.lifecycleJob().run();

    kms.keyLastUsage().flush();

    assertThat(f.test.store().findKeyLastUsage(new KeyId(keyId))).isEmpty();
    f.error(KmsErrorType.NOT_FOUND, kms.getKeyLastUsage, new GetKeyLastUsageRequest(keyId));
  }

  @Test
  void aUseInAnotherRegion_isThatRegionsKeys_andSavedInThatRegion() {
    String eu = "eu-west-1";
    String keyId =
        f.test.callIn(eu, kms.createKey, Requests.createKey().build()).keyMetadata().keyId();
    f.test.callIn(eu, kms.encrypt, Requests.encrypt(keyId, MESSAGE));
    AuditEvent encrypt = f.lastAudit();

    assertUseOf(
        f.test.callIn(eu, kms.getKeyLastUsage, new GetKeyLastUsageRequest(keyId)).keyLastUsage(),
        encrypt);
    f.error(KmsErrorType.NOT_FOUND, kms.getKeyLastUsage, new GetKeyLastUsageRequest(keyId));

    kms.keyLastUsage().flush();
    assertThat(f.test.store().inRegion(eu).findKeyLastUsage(new KeyId(keyId)))
        .map(KeyLastUsage::cloudTrailEventId)
        .contains(encrypt.eventId());
    assertThat(f.test.store().findKeyLastUsage(new KeyId(keyId))).isEmpty();
  }
}
