package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.Requests.createKey;
import static dev.serverlesskms.core.operation.Requests.encryptWith;
import static dev.serverlesskms.core.operation.Requests.getPublicKey;
import static dev.serverlesskms.core.operation.Requests.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.TestKms;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The condition keys of the asymmetric operations, as AWS documents them: {@code
 * kms:SigningAlgorithm} and {@code kms:MessageType} for Sign and Verify, {@code
 * kms:EncryptionAlgorithm} with the request's RSAES_* algorithm for RSA encryption, {@code
 * kms:RequestAlias} for all; an identity policy that conditions on them allows exactly the requests
 * that match.
 */
class AsymmetricConditionKeysTest {
  private static final Caller ALICE = TestKms.user(TestKms.LOCATION.accountId(), "alice");
  private static final byte[] MESSAGE = KmsFixture.utf8("condition keys");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  private void allow(String action, String condition) {
    f.test.attachIdentityPolicy(
        ALICE.arn(),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
            + action
            + "\",\"Resource\":\"*\",\"Condition\":"
            + condition
            + "}]}");
  }

  private void refused(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED));
  }

  @Test
  void signingAlgorithm_andMessageType_conditionSign() {
    String keyId =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.SIGN_VERIFY));
    allow(
        "kms:Sign",
        "{\"StringEquals\":{\"kms:SigningAlgorithm\":\"RSASSA_PSS_SHA_256\","
            + "\"kms:MessageType\":\"DIGEST\"}}");
    byte[] digest = SignVerifyTest.digest(SigningAlgorithm.RSASSA_PSS_SHA_256, MESSAGE);

    assertThat(
            f.test
                .callAs(
                    ALICE,
                    kms.sign,
                    sign(keyId, digest, MessageType.DIGEST, SigningAlgorithm.RSASSA_PSS_SHA_256))
                .signature())
        .isNotEmpty();
    refused(
        () ->
            f.test.callAs(
                ALICE,
                kms.sign,
                sign(
                    keyId,
                    digest,
                    MessageType.DIGEST,
                    SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256)));
    refused(
        () ->
            f.test.callAs(
                ALICE,
                kms.sign,
                sign(keyId, MESSAGE, MessageType.RAW, SigningAlgorithm.RSASSA_PSS_SHA_256)));
  }

  @Test
  void encryptionAlgorithm_isTheRequestsRsaAlgorithm() {
    String keyId =
        f.createKey(createKey().keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT));
    allow("kms:Encrypt", "{\"StringEquals\":{\"kms:EncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\"}}");

    f.test.callAs(
        ALICE, kms.encrypt, encryptWith(keyId, MESSAGE, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    refused(
        () ->
            f.test.callAs(
                ALICE,
                kms.encrypt,
                encryptWith(keyId, MESSAGE, EncryptionAlgorithm.RSAES_OAEP_SHA_1)));
  }

  @Test
  void requestAlias_conditionsGetPublicKey() {
    String keyId =
        f.createKey(createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
    f.createAlias("alias/public", keyId);
    allow("kms:GetPublicKey", "{\"StringEquals\":{\"kms:RequestAlias\":\"alias/public\"}}");

    assertThat(f.test.callAs(ALICE, kms.getPublicKey, getPublicKey("alias/public")).publicKey())
        .isNotEmpty();
    refused(() -> f.test.callAs(ALICE, kms.getPublicKey, getPublicKey(keyId)));
  }
}
