package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.ConnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.DisconnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.GenerateDataKeyResponse;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys in a custom key store: made and used in its token, Unavailable while it is not connected,
 * neither imported nor rotated, their token objects destroyed with them.
 */
class CustomKeyStoreKeysTest {
  private static final List<Duration> RETRY_PAUSES =
      List.of(Duration.ofMillis(1), Duration.ofMillis(1));

  private final KmsFixture f = new KmsFixture();

  private void disconnect(String store) {
    f.call(f.kms.disconnectCustomKeyStore, new DisconnectCustomKeyStoreRequest(store));
  }

  private void connect(String store) {
    f.call(f.kms.connectCustomKeyStore, new ConnectCustomKeyStoreRequest(store));
  }

  @Test
  void createKey_generatesTheKeyInTheToken_andDescribesItsStoreAndCluster() {
    String store = f.customKeyStore(true);

    String keyId = f.keyInStore(store);

    KeyMetadata metadata = f.describe(keyId);
    assertThat(metadata.origin()).isEqualTo(Origin.AWS_CLOUDHSM);
    assertThat(metadata.customKeyStoreId()).isEqualTo(store);
    assertThat(metadata.cloudHsmClusterId()).isEqualTo(KmsFixture.CLUSTERS.get(0));
    assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(metadata.enabled()).isTrue();
    assertThat(f.hsm.objects("token-0")).containsExactly("kms-" + keyId + "-v1");
    assertThat(f.test.store().findCustomKeyStore(store).orElseThrow().keyCount()).isEqualTo(1);
  }

  @Test
  void createKey_refusesStoresThatAreNotConnected_orMissing_andOtherShapes() {
    String store = f.customKeyStore(false);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.createKey,
        Requests.createKey().origin(Origin.AWS_CLOUDHSM).customKeyStoreId(store).build());
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        f.kms.createKey,
        Requests.createKey()
            .origin(Origin.AWS_CLOUDHSM)
            .customKeyStoreId("cks-00000000000000000")
            .build());
    f.error(
        KmsErrorType.VALIDATION,
        f.kms.createKey,
        Requests.createKey().customKeyStoreId(store).build());
    f.error(
        KmsErrorType.VALIDATION,
        f.kms.createKey,
        Requests.createKey().origin(Origin.AWS_CLOUDHSM).build());
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        f.kms.createKey,
        Requests.createKey()
            .origin(Origin.AWS_CLOUDHSM)
            .customKeyStoreId(store)
            .keySpec(KeySpec.RSA_2048)
            .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
            .build());
    assertThat(f.hsm.objects("token-0")).isEmpty();
  }

  @Test
  void cryptography_runsInTheToken_withTheUsualBlob() {
    String keyId = f.keyInStore(f.customKeyStore(true));
    String other = f.createKey();

    byte[] blob = f.encrypt(keyId, KmsFixture.utf8("card 4111"), KmsFixture.CONTEXT);

    assertThat(CiphertextBlobCodec.parse(blob).keyId().value()).isEqualTo(keyId);
    assertThat(f.call(f.kms.decrypt, Requests.decrypt(blob, KmsFixture.CONTEXT)).plaintext())
        .asString()
        .isEqualTo("card 4111");
    byte[] moved =
        f.call(f.kms.reEncrypt, Requests.reEncrypt(blob, KmsFixture.CONTEXT, other))
            .ciphertextBlob();
    assertThat(f.decrypt(moved)).isEqualTo("card 4111");
    byte[] back =
        f.call(f.kms.reEncrypt, Requests.reEncrypt(moved, Map.of(), keyId)).ciphertextBlob();
    assertThat(f.decrypt(back)).isEqualTo("card 4111");
    GenerateDataKeyResponse dataKey =
        f.call(f.kms.generateDataKey, Requests.generateDataKey(keyId, 32, null));
    assertThat(f.call(f.kms.decrypt, Requests.decrypt(dataKey.ciphertextBlob())).plaintext())
        .isEqualTo(dataKey.plaintext());
    byte[] sealedOnly =
        f.call(
                f.kms.generateDataKeyWithoutPlaintext,
                Requests.generateDataKeyWithoutPlaintext(keyId, 16, null))
            .ciphertextBlob();
    assertThat(f.call(f.kms.decrypt, Requests.decrypt(sealedOnly)).plaintext()).hasSize(16);
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        f.kms.decrypt,
        Requests.decrypt(blob, Map.of("tenant", "other")));
  }

  @Test
  void anotherProcess_logsInLazily_whileTheStoreIsConnected() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    // A new Lambda instance has no session of its own yet: the stored state says CONNECTED.
    f.hsm.disconnect(f.test.store().findCustomKeyStore(store).orElseThrow());
    assertThat(f.hsm.loggedIn("token-0")).isFalse();

    byte[] blob = f.encrypt(keyId, "hello");

    assertThat(f.decrypt(blob)).isEqualTo("hello");
    assertThat(f.hsm.loggedIn("token-0")).isTrue();
  }

  @Test
  void aProcessThatFindsItsStoreDisconnected_logsOutOfTheToken() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    // another process disconnects: the stored state changes, this process's session stays
    f.test
        .store()
        .updateCustomKeyStore(
            f.test.store().findCustomKeyStore(store).orElseThrow().disconnect(), null);
    assertThat(f.hsm.loggedIn("token-0")).isTrue();

    f.error(KmsErrorType.INVALID_STATE, f.kms.encrypt, Requests.encrypt(keyId, new byte[] {1}));

    assertThat(f.hsm.loggedIn("token-0")).isFalse();
  }

  @Test
  void keysOfADisconnectedStore_areUnavailable_untilItReconnects() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    byte[] blob = f.encrypt(keyId, "before");

    disconnect(store);

    KeyMetadata metadata = f.describe(keyId);
    assertThat(metadata.keyState()).isEqualTo(KeyState.UNAVAILABLE);
    assertThat(metadata.enabled()).isFalse();
    KmsException refused =
        f.error(KmsErrorType.INVALID_STATE, f.kms.encrypt, Requests.encrypt(keyId, new byte[] {1}));
    assertThat(refused.getMessage()).isEqualTo(KmsFixture.arn(keyId) + " is unavailable.");
    f.error(KmsErrorType.INVALID_STATE, f.kms.decrypt, Requests.decrypt(blob));
    f.error(
        KmsErrorType.INVALID_STATE,
        f.kms.generateDataKey,
        Requests.generateDataKey(keyId, 32, null));

    connect(store);

    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(f.decrypt(blob)).isEqualTo("before");
  }

  @Test
  void anUnavailableKey_canStillBeViewedAndManaged_asAwsAllows() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    disconnect(store);

    f.call(f.kms.updateKeyDescription, Requests.updateKeyDescription(keyId, "still mine"));
    f.call(f.kms.tagResource, Requests.tagResource(keyId, Requests.tag("team", "payments")));
    f.createAlias("alias/in-the-hsm", keyId);
    f.call(f.kms.disableKey, Requests.disableKey(keyId));

    KeyMetadata metadata = f.describe("alias/in-the-hsm");
    assertThat(metadata.description()).isEqualTo("still mine");
    assertThat(metadata.keyState()).isEqualTo(KeyState.UNAVAILABLE);
    connect(store);
    assertThat(f.describe(keyId).keyState())
        .as("the state the key was given while unavailable")
        .isEqualTo(KeyState.DISABLED);
  }

  @Test
  void aDisabledKeyOfAConnectedStore_isDisabled_andPendingDeletionShowsThroughADisconnection() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    f.disable(keyId);
    f.error(KmsErrorType.DISABLED, f.kms.encrypt, Requests.encrypt(keyId, new byte[] {1}));

    f.scheduleDeletion(keyId);
    disconnect(store);

    assertThat(f.describe(keyId).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    KmsException refused =
        f.error(KmsErrorType.INVALID_STATE, f.kms.encrypt, Requests.encrypt(keyId, new byte[] {1}));
    assertThat(refused.getMessage()).endsWith(" is pending deletion.");
  }

  @Test
  void noRotation_andNoImport_forKeysInACustomKeyStore() {
    String keyId = f.keyInStore(f.customKeyStore(true));

    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        f.kms.enableKeyRotation,
        Requests.enableKeyRotation(keyId, null));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        f.kms.rotateKeyOnDemand,
        Requests.rotateKeyOnDemand(keyId));
    f.error(
        KmsErrorType.UNSUPPORTED_OPERATION,
        f.kms.getParametersForImport,
        Requests.getParametersForImport(
            keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
  }

  @Test
  void generateRandom_fromAConnectedStoresToken() {
    String store = f.customKeyStore(true);

    assertThat(f.call(f.kms.generateRandom, new GenerateRandomRequest(48, store)).plaintext())
        .hasSize(48);

    disconnect(store);
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_INVALID_STATE,
        f.kms.generateRandom,
        new GenerateRandomRequest(48, store));
    f.error(
        KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
        f.kms.generateRandom,
        new GenerateRandomRequest(48, "cks-00000000000000000"));
  }

  @Test
  void deletingAKey_destroysItsTokenObject_whenTheStoreIsConnected() {
    String store = f.customKeyStore(true);
    String kept = f.keyInStore(store);
    String deleted = f.keyInStore(store);
    f.scheduleDeletion(deleted);

    f.advance(Duration.ofDays(31));
    assertThat(f.test.lifecycleJob().run().deleted()).isEqualTo(1);

    assertThat(f.hsm.objects("token-0")).containsExactly("kms-" + kept + "-v1");
    assertThat(f.test.store().findCustomKeyStore(store).orElseThrow().keyCount()).isEqualTo(1);
  }

  @Test
  void deletingAKey_triesAgain_whenTheTokenRefusesForAMoment() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    f.scheduleDeletion(keyId);
    f.hsm.refuseNextUses("token-0", 2);

    f.advance(Duration.ofDays(31));
    assertThat(f.test.lifecycleJob(RETRY_PAUSES).run().deleted()).isEqualTo(1);

    assertThat(f.hsm.objects("token-0")).isEmpty();
    assertThat(f.hsm.refusalsLeft("token-0")).isZero();
  }

  @Test
  void deletingAKey_leavesItsTokenObject_whenTheTokenRefusesEveryAttempt() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    f.scheduleDeletion(keyId);
    f.hsm.refuseNextUses("token-0", 5);

    f.advance(Duration.ofDays(31));
    var summary = f.test.lifecycleJob(RETRY_PAUSES).run();

    // the key is deleted all the same (its deletion was written first), and the job stopped after
    // one attempt and one per pause
    assertThat(summary.deleted()).isEqualTo(1);
    assertThat(summary.failures()).isEmpty();
    assertThat(f.hsm.refusalsLeft("token-0")).isEqualTo(5 - (1 + RETRY_PAUSES.size()));
    assertThat(f.hsm.objects("token-0")).containsExactly("kms-" + keyId + "-v1");
  }

  @Test
  void deletingAKey_ofADisconnectedStore_leavesItsTokenObject() {
    String store = f.customKeyStore(true);
    String keyId = f.keyInStore(store);
    f.scheduleDeletion(keyId);
    disconnect(store);

    f.advance(Duration.ofDays(31));
    assertThat(f.test.lifecycleJob().run().deleted()).isEqualTo(1);

    assertThat(f.hsm.objects("token-0")).containsExactly("kms-" + keyId + "-v1");
  }
}
