package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GenerateMacRequest;
import dev.serverlesskms.core.api.GenerateMacResponse;
import dev.serverlesskms.core.api.VerifyMacRequest;
import dev.serverlesskms.core.api.VerifyMacResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import dev.serverlesskms.testkit.TestKms;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GenerateMac and VerifyMac: every HMAC spec with its one algorithm, MACs that verify and MACs that
 * do not (KMSInvalidMacException, empty message), the usage and algorithm rules with AWS's texts,
 * the message and MAC limits, key states, DryRun, kms:MacAlgorithm, and audit records without the
 * message or the MAC.
 */
class MacOperationsTest {
  private static final byte[] MESSAGE = utf8("webhook body");

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  static Stream<Arguments> hmacSpecs() {
    return Stream.of(
        Arguments.of(KeySpec.HMAC_224, MacAlgorithm.HMAC_SHA_224, 28),
        Arguments.of(KeySpec.HMAC_256, MacAlgorithm.HMAC_SHA_256, 32),
        Arguments.of(KeySpec.HMAC_384, MacAlgorithm.HMAC_SHA_384, 48),
        Arguments.of(KeySpec.HMAC_512, MacAlgorithm.HMAC_SHA_512, 64));
  }

  private String hmacKey(KeySpec spec) {
    return f.createKey(Requests.createKey().keySpec(spec).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
  }

  private static GenerateMacRequest generate(String keyId, byte[] message, MacAlgorithm algorithm) {
    return new GenerateMacRequest(message, keyId, algorithm, null, null);
  }

  private static VerifyMacRequest verify(
      String keyId, byte[] message, MacAlgorithm algorithm, byte[] mac) {
    return new VerifyMacRequest(message, keyId, algorithm, mac, null, null);
  }

  // ------------------------------------------------------------------ every spec

  @ParameterizedTest(name = "{0}")
  @MethodSource("hmacSpecs")
  void generateMac_givesTheDigestLengthMac_thatVerifyMacAccepts(
      KeySpec spec, MacAlgorithm algorithm, int macBytes) {
    String keyId = hmacKey(spec);

    GenerateMacResponse generated = f.call(kms.generateMac, generate(keyId, MESSAGE, algorithm));
    VerifyMacResponse verified =
        f.call(kms.verifyMac, verify(keyId, MESSAGE, algorithm, generated.mac()));

    assertThat(generated.mac()).hasSize(macBytes);
    assertThat(generated.keyId()).isEqualTo(arn(keyId));
    assertThat(generated.macAlgorithm()).isEqualTo(algorithm);
    assertThat(verified.macValid()).isTrue();
    assertThat(verified.keyId()).isEqualTo(arn(keyId));
    assertThat(verified.macAlgorithm()).isEqualTo(algorithm);
  }

  @Test
  void generateMac_isAFunctionOfKeyAndMessage() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    String otherKeyId = hmacKey(KeySpec.HMAC_256);
    MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA_256;

    byte[] mac = f.call(kms.generateMac, generate(keyId, MESSAGE, algorithm)).mac();

    assertThat(f.call(kms.generateMac, generate(keyId, MESSAGE, algorithm)).mac()).isEqualTo(mac);
    assertThat(f.call(kms.generateMac, generate(keyId, utf8("other"), algorithm)).mac())
        .isNotEqualTo(mac);
    assertThat(f.call(kms.generateMac, generate(otherKeyId, MESSAGE, algorithm)).mac())
        .isNotEqualTo(mac);
  }

  // ------------------------------------------------------------------ MACs that do not verify

  @Test
  void verifyMac_ofAnAlteredMac_aTruncatedMac_anotherMessage_orAnotherKey_isInvalidMac() {
    String keyId = hmacKey(KeySpec.HMAC_384);
    String otherKeyId = hmacKey(KeySpec.HMAC_384);
    MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA_384;
    byte[] mac = f.call(kms.generateMac, generate(keyId, MESSAGE, algorithm)).mac();
    byte[] altered = mac.clone();
    altered[5] ^= 0x01;

    for (VerifyMacRequest request :
        List.of(
            verify(keyId, MESSAGE, algorithm, altered),
            verify(keyId, MESSAGE, algorithm, Arrays.copyOf(mac, mac.length - 1)),
            verify(keyId, MESSAGE, algorithm, Arrays.copyOf(mac, mac.length + 1)),
            verify(keyId, utf8("webhook bodY"), algorithm, mac),
            verify(otherKeyId, MESSAGE, algorithm, mac))) {
      assertThat(f.error(KmsErrorType.KMS_INVALID_MAC, kms.verifyMac, request)).hasMessage("");
    }
    assertThat(f.lastAudit().errorCode()).isEqualTo("KMSInvalidMacException");
  }

  // ------------------------------------------------------------------ usage and algorithm

  static Stream<Arguments> specsWithAlgorithmsOfOtherSpecs() {
    return hmacSpecs()
        .flatMap(
            spec ->
                Arrays.stream(MacAlgorithm.values())
                    .filter(algorithm -> algorithm != spec.get()[1])
                    .map(algorithm -> Arguments.of(spec.get()[0], algorithm)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("specsWithAlgorithmsOfOtherSpecs")
  void anAlgorithmOfAnotherSpec_isInvalidKeyUsage_withAwsText(
      KeySpec spec, MacAlgorithm algorithm) {
    String keyId = hmacKey(spec);
    String expected = "Algorithm " + algorithm + " is incompatible with key spec " + spec + ".";

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.generateMac,
                generate(keyId, MESSAGE, algorithm)))
        .hasMessage(expected);
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.verifyMac,
                verify(keyId, MESSAGE, algorithm, new byte[32])))
        .hasMessage(expected);
  }

  @Test
  void aKeyThatIsNotAnHmacKey_isInvalidKeyUsage_withAwsText() {
    String keyId = f.createKey();

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.generateMac,
                generate(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256)))
        .hasMessage(
            arn(keyId) + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.");
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.verifyMac,
                verify(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256, new byte[32])))
        .hasMessage(arn(keyId) + " key usage is ENCRYPT_DECRYPT which is not valid for VerifyMac.");
  }

  @Test
  void anHmacKey_cannotEncrypt() {
    String keyId = hmacKey(KeySpec.HMAC_256);

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE, kms.encrypt, Requests.encrypt(keyId, utf8("x"))))
        .hasMessage(
            arn(keyId) + " key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.");
  }

  // ------------------------------------------------------------------ limits

  @Test
  void theMessage_isRequired_andOf1To4096Bytes() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA_256;
    byte[] largest = CustomerKeyWrapping.randomMaterial(4096);

    byte[] mac = f.call(kms.generateMac, generate(keyId, largest, algorithm)).mac();
    f.call(kms.verifyMac, verify(keyId, largest, algorithm, mac));
    f.call(kms.generateMac, generate(keyId, new byte[1], algorithm));

    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.generateMac,
                generate(keyId, new byte[4097], algorithm)))
        .hasMessage(
            "1 validation error detected: Value at 'message' failed to satisfy constraint: Member"
                + " must have length less than or equal to 4096");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.generateMac, generate(keyId, new byte[0], algorithm)))
        .hasMessage(
            "1 validation error detected: Value at 'message' failed to satisfy constraint: Member"
                + " must have length greater than or equal to 1");
    f.error(KmsErrorType.VALIDATION, kms.generateMac, generate(keyId, null, algorithm));
    f.error(KmsErrorType.VALIDATION, kms.verifyMac, verify(keyId, new byte[4097], algorithm, mac));
    f.error(KmsErrorType.VALIDATION, kms.verifyMac, verify(keyId, null, algorithm, mac));
  }

  @Test
  void theMac_isRequired_andOf1To6144Bytes() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA_256;

    // A 6144-byte MAC is a valid member that does not verify.
    f.error(
        KmsErrorType.KMS_INVALID_MAC,
        kms.verifyMac,
        verify(keyId, MESSAGE, algorithm, new byte[6144]));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.verifyMac,
                verify(keyId, MESSAGE, algorithm, new byte[6145])))
        .hasMessage(
            "1 validation error detected: Value at 'mac' failed to satisfy constraint: Member"
                + " must have length less than or equal to 6144");
    f.error(KmsErrorType.VALIDATION, kms.verifyMac, verify(keyId, MESSAGE, algorithm, new byte[0]));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.verifyMac, verify(keyId, MESSAGE, algorithm, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'mac' failed to satisfy constraint: Member"
                + " must not be null");
  }

  @Test
  void theKeyIdAndTheAlgorithm_areRequired_andGrantTokensLimited() {
    String keyId = hmacKey(KeySpec.HMAC_256);

    assertThat(f.error(KmsErrorType.VALIDATION, kms.generateMac, generate(keyId, MESSAGE, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'macAlgorithm' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(KmsErrorType.VALIDATION, kms.verifyMac, verify(keyId, MESSAGE, null, new byte[32]));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateMac,
        generate(null, MESSAGE, MacAlgorithm.HMAC_SHA_256));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateMac,
        new GenerateMacRequest(
            MESSAGE, keyId, MacAlgorithm.HMAC_SHA_256, Collections.nCopies(11, "t"), null));
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.generateMac,
        generate("alias/missing", MESSAGE, MacAlgorithm.HMAC_SHA_256));
  }

  @Test
  void aliases_nameTheKey() {
    String keyId = hmacKey(KeySpec.HMAC_512);
    f.createAlias("alias/webhooks", keyId);

    GenerateMacResponse generated =
        f.call(kms.generateMac, generate("alias/webhooks", MESSAGE, MacAlgorithm.HMAC_SHA_512));

    assertThat(generated.keyId()).isEqualTo(arn(keyId));
    assertThat(
            f.call(
                    kms.verifyMac,
                    verify(
                        KmsFixture.aliasArn("alias/webhooks"),
                        MESSAGE,
                        MacAlgorithm.HMAC_SHA_512,
                        generated.mac()))
                .keyId())
        .isEqualTo(arn(keyId));
  }

  // ------------------------------------------------------------------ key states, DryRun

  @ParameterizedTest
  // Every stored state but Enabled; Unavailable (a custom key store's key, shown, never stored) is
  // CustomKeyStoreKeysTest's.
  @EnumSource(
      value = KeyState.class,
      names = {"ENABLED", "UNAVAILABLE", "PENDING_REPLICA_DELETION"},
      mode = EnumSource.Mode.EXCLUDE)
  void aKeyNotEnabled_isRefused_withAwsErrors(KeyState state) {
    // PendingReplicaDeletion (a multi-Region primary's) refuses as the USE row says:
    // KeyStateRuleTest, CryptoKeyStateTest and MultiRegionKeysTest.
    String keyId =
        f.createKey(
            Requests.createKey()
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .origin(state == KeyState.PENDING_IMPORT ? Origin.EXTERNAL : null));
    if (state == KeyState.DISABLED) {
      f.disable(keyId);
    } else if (state == KeyState.PENDING_DELETION) {
      f.scheduleDeletion(keyId);
    }
    KmsErrorType expected =
        state == KeyState.DISABLED ? KmsErrorType.DISABLED : KmsErrorType.INVALID_STATE;
    String suffix =
        switch (state) {
          case DISABLED -> " is disabled.";
          case PENDING_DELETION -> " is pending deletion.";
          case PENDING_IMPORT -> " is pending import.";
          default -> throw new AssertionError(state);
        };

    assertThat(
            f.error(expected, kms.generateMac, generate(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256)))
        .hasMessage(arn(keyId) + suffix);
    assertThat(
            f.error(
                expected,
                kms.verifyMac,
                verify(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256, new byte[32])))
        .hasMessage(arn(keyId) + suffix);
  }

  @Test
  void dryRun_checksEverything_thenAnswersDryRunOperation() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA_256;
    byte[] mac = f.call(kms.generateMac, generate(keyId, MESSAGE, algorithm)).mac();

    assertThat(
            f.error(
                KmsErrorType.DRY_RUN,
                kms.generateMac,
                new GenerateMacRequest(MESSAGE, keyId, algorithm, null, true)))
        .hasMessage("The request would have succeeded, but the DryRun option is set.");
    f.error(
        KmsErrorType.DRY_RUN,
        kms.verifyMac,
        new VerifyMacRequest(MESSAGE, keyId, algorithm, mac, null, true));
    f.error(
        KmsErrorType.INVALID_KEY_USAGE,
        kms.generateMac,
        new GenerateMacRequest(MESSAGE, keyId, MacAlgorithm.HMAC_SHA_512, null, true));
    f.disable(keyId);
    f.error(
        KmsErrorType.DISABLED,
        kms.generateMac,
        new GenerateMacRequest(MESSAGE, keyId, algorithm, null, true));
  }

  // ------------------------------------------------------------------ authorization, audit

  @Test
  void kmsMacAlgorithm_isAConditionKeyOfBothOperations() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    Caller alice = TestKms.user(TestKms.LOCATION.accountId(), "alice");
    f.test.attachIdentityPolicy(
        alice.arn(),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"kms:GenerateMac\",\"kms:VerifyMac\"],\"Resource\":\"*\",\"Condition\":"
            + "{\"StringEquals\":{\"kms:MacAlgorithm\":\"HMAC_SHA_256\"}}}]}");

    byte[] mac =
        f.test
            .callAs(alice, kms.generateMac, generate(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256))
            .mac();
    f.test.callAs(alice, kms.verifyMac, verify(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256, mac));

    String otherKeyId = hmacKey(KeySpec.HMAC_512);
    try {
      f.test.callAs(
          alice, kms.generateMac, generate(otherKeyId, MESSAGE, MacAlgorithm.HMAC_SHA_512));
      throw new AssertionError("HMAC_SHA_512 was allowed");
    } catch (KmsException e) {
      assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
      assertThat(e.getMessage()).contains("kms:GenerateMac");
    }
  }

  @Test
  void bothOperations_areAuditedAsReadOnly_withTheAlgorithm_neverTheMessageOrTheMac() {
    String keyId = hmacKey(KeySpec.HMAC_256);
    byte[] message = CustomerKeyWrapping.randomMaterial(64);
    byte[] mac = f.call(kms.generateMac, generate(keyId, message, MacAlgorithm.HMAC_SHA_256)).mac();

    AuditEvent generated = f.lastAudit();
    assertThat(generated.eventName()).isEqualTo("GenerateMac");
    assertThat(generated.readOnly()).isTrue();
    assertThat(generated.requestParameters())
        .containsEntry("keyId", keyId)
        .containsEntry("macAlgorithm", "HMAC_SHA_256")
        .doesNotContainKeys("message", "mac");
    assertThat(generated.responseElements()).isNull();
    assertThat(generated.resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));

    f.call(kms.verifyMac, verify(keyId, message, MacAlgorithm.HMAC_SHA_256, mac));
    assertThat(f.lastAudit().eventName()).isEqualTo("VerifyMac");
    assertThat(f.lastAudit().requestParameters()).containsOnlyKeys("keyId", "macAlgorithm");
    f.assertNoAuditRecordHolds(message);
    f.assertNoAuditRecordHolds(mac);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GenerateMac", "VerifyMac"})
  void aGrantForTheOperation_allowsIt(String operation) {
    String keyId = hmacKey(KeySpec.HMAC_256);
    Caller bob = TestKms.user(TestKms.LOCATION.accountId(), "bob");
    f.call(
        kms.createGrant,
        new dev.serverlesskms.core.api.CreateGrantRequest(
            keyId, bob.arn(), null, null, null, List.of(operation), null, null, null, null));
    byte[] mac = f.call(kms.generateMac, generate(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256)).mac();

    if (operation.equals("GenerateMac")) {
      assertThat(
              f.test
                  .callAs(bob, kms.generateMac, generate(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256))
                  .mac())
          .isEqualTo(mac);
    } else {
      assertThat(
              f.test
                  .callAs(
                      bob, kms.verifyMac, verify(keyId, MESSAGE, MacAlgorithm.HMAC_SHA_256, mac))
                  .macValid())
          .isTrue();
    }
  }
}
