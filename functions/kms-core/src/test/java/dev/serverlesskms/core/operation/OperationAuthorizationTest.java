package dev.serverlesskms.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.api.ConnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateCustomKeyStoreRequest;
import dev.serverlesskms.core.api.CreateGrantRequest;
import dev.serverlesskms.core.api.DeleteCustomKeyStoreRequest;
import dev.serverlesskms.core.api.DeriveSharedSecretRequest;
import dev.serverlesskms.core.api.DescribeCustomKeyStoresRequest;
import dev.serverlesskms.core.api.DisconnectCustomKeyStoreRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairRequest;
import dev.serverlesskms.core.api.GenerateDataKeyPairWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateMacRequest;
import dev.serverlesskms.core.api.GetKeyLastUsageRequest;
import dev.serverlesskms.core.api.GetKeyPolicyRequest;
import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.ListGrantsRequest;
import dev.serverlesskms.core.api.ListKeyPoliciesRequest;
import dev.serverlesskms.core.api.ListRetirableGrantsRequest;
import dev.serverlesskms.core.api.PutKeyPolicyRequest;
import dev.serverlesskms.core.api.ReplicateKeyRequest;
import dev.serverlesskms.core.api.RetireGrantRequest;
import dev.serverlesskms.core.api.RevokeGrantRequest;
import dev.serverlesskms.core.api.UpdateCustomKeyStoreRequest;
import dev.serverlesskms.core.api.UpdatePrimaryRegionRequest;
import dev.serverlesskms.core.api.VerifyMacRequest;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.KeyAgreementAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MacAlgorithm;
import dev.serverlesskms.core.model.MessageType;
import dev.serverlesskms.core.model.SigningAlgorithm;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.model.WrappingKeySpec;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import dev.serverlesskms.testkit.TestKms;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation asks for permission: a caller of the key's account whom no policy names is
 * refused each one with AWS's AccessDeniedException, the refusal is audited, and nothing changes;
 * the same request passes once an identity policy allows it (the default key policy delegates to
 * the account's IAM policies).
 */
class OperationAuthorizationTest {
  private static final String ACCOUNT = TestKms.LOCATION.accountId();
  private static final Caller MALLORY = TestKms.user(ACCOUNT, "mallory");
  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
          + "\"Resource\":\"*\"}]}";

  /** The keys a request may need, made by the account root before the caller tries. */
  private record Keys(
      KmsFixture kms,
      String enabled,
      String external,
      String pending,
      byte[] blob,
      String grantId,
      String signing,
      byte[] signature) {
    static Keys in(KmsFixture kms) {
      String enabled = kms.createKey();
      kms.createAlias("alias/existing", enabled);
      String pending = kms.keyIn(KeyState.PENDING_DELETION);
      String grantId =
          kms.call(
                  kms.kms.createGrant,
                  new CreateGrantRequest(
                      enabled,
                      "arn:aws:iam::" + ACCOUNT + ":user/carol",
                      null,
                      null,
                      null,
                      List.of("Decrypt"),
                      null,
                      null,
                      null,
                      null))
              .grantId();
      String signing =
          kms.createKey(
              Requests.createKey().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsage.SIGN_VERIFY));
      byte[] signature =
          kms.call(
                  kms.kms.sign,
                  Requests.sign(
                      signing,
                      KmsFixture.utf8("x"),
                      MessageType.RAW,
                      SigningAlgorithm.ECDSA_SHA_256))
              .signature();
      return new Keys(
          kms,
          enabled,
          kms.externalKey(),
          pending,
          kms.encrypt(enabled, KmsFixture.utf8("secret"), Map.of()),
          grantId,
          signing,
          signature);
    }
  }

  /** A valid request of each operation, by its AWS name; the action it needs is kms:<name>. */
  private static final Map<String, Function<Keys, KmsRequest>> REQUESTS = new TreeMap<>();

  static {
    REQUESTS.put("CreateKey", k -> Requests.createKey().build());
    REQUESTS.put("DescribeKey", k -> Requests.describeKey(k.enabled()));
    REQUESTS.put("ListKeys", k -> Requests.listKeys(null, null));
    REQUESTS.put("UpdateKeyDescription", k -> Requests.updateKeyDescription(k.enabled(), "x"));
    REQUESTS.put("EnableKey", k -> Requests.enableKey(k.enabled()));
    REQUESTS.put("DisableKey", k -> Requests.disableKey(k.enabled()));
    REQUESTS.put("Encrypt", k -> Requests.encrypt(k.enabled(), KmsFixture.utf8("x")));
    REQUESTS.put("Decrypt", k -> Requests.decrypt(k.blob()));
    REQUESTS.put("ReEncrypt", k -> Requests.reEncrypt(k.blob(), Map.of(), k.enabled()));
    REQUESTS.put(
        "Sign",
        k ->
            Requests.sign(
                k.signing(),
                KmsFixture.utf8("x"),
                MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
    REQUESTS.put(
        "Verify",
        k ->
            Requests.verify(
                k.signing(),
                KmsFixture.utf8("x"),
                MessageType.RAW,
                k.signature(),
                SigningAlgorithm.ECDSA_SHA_256));
    REQUESTS.put("GetPublicKey", k -> Requests.getPublicKey(k.signing()));
    REQUESTS.put("GenerateDataKey", k -> Requests.generateDataKey(k.enabled(), 32, null));
    REQUESTS.put(
        "GenerateDataKeyWithoutPlaintext",
        k -> Requests.generateDataKeyWithoutPlaintext(k.enabled(), 32, null));
    REQUESTS.put("GenerateRandom", k -> Requests.generateRandom(32));
    REQUESTS.put(
        "GenerateMac",
        k ->
            new GenerateMacRequest(
                KmsFixture.utf8("x"), hmacKey(k), MacAlgorithm.HMAC_SHA_256, null, null));
    REQUESTS.put(
        "VerifyMac",
        k -> {
          String keyId = hmacKey(k);
          byte[] mac =
              k.kms()
                  .call(
                      k.kms().kms.generateMac,
                      new GenerateMacRequest(
                          KmsFixture.utf8("x"), keyId, MacAlgorithm.HMAC_SHA_256, null, null))
                  .mac();
          return new VerifyMacRequest(
              KmsFixture.utf8("x"), keyId, MacAlgorithm.HMAC_SHA_256, mac, null, null);
        });
    REQUESTS.put(
        "GenerateDataKeyPair",
        k ->
            new GenerateDataKeyPairRequest(
                null, k.enabled(), DataKeyPairSpec.ECC_NIST_P256, null, null, null));
    REQUESTS.put(
        "GenerateDataKeyPairWithoutPlaintext",
        k ->
            new GenerateDataKeyPairWithoutPlaintextRequest(
                null, k.enabled(), DataKeyPairSpec.ECC_NIST_P256, null, null));
    REQUESTS.put(
        "DeriveSharedSecret",
        k ->
            new DeriveSharedSecretRequest(
                k.kms()
                    .createKey(
                        Requests.createKey()
                            .keySpec(KeySpec.ECC_NIST_P256)
                            .keyUsage(KeyUsage.KEY_AGREEMENT)),
                KeyAgreementAlgorithm.ECDH,
                peerPublicKey(),
                null,
                null,
                null));
    REQUESTS.put("CreateAlias", k -> Requests.createAlias("alias/new", k.enabled()));
    REQUESTS.put("UpdateAlias", k -> Requests.updateAlias("alias/existing", k.enabled()));
    REQUESTS.put("DeleteAlias", k -> Requests.deleteAlias("alias/existing"));
    REQUESTS.put("ListAliases", k -> Requests.listAliases(null, null, null));
    REQUESTS.put("TagResource", k -> Requests.tagResource(k.enabled(), Requests.tag("a", "b")));
    REQUESTS.put("UntagResource", k -> Requests.untagResource(k.enabled(), "a"));
    REQUESTS.put("ListResourceTags", k -> Requests.listResourceTags(k.enabled(), null, null));
    REQUESTS.put("EnableKeyRotation", k -> Requests.enableKeyRotation(k.enabled(), null));
    REQUESTS.put("DisableKeyRotation", k -> Requests.disableKeyRotation(k.enabled()));
    REQUESTS.put("GetKeyRotationStatus", k -> Requests.getKeyRotationStatus(k.enabled()));
    REQUESTS.put("RotateKeyOnDemand", k -> Requests.rotateKeyOnDemand(k.enabled()));
    REQUESTS.put("ListKeyRotations", k -> Requests.listKeyRotations(k.enabled()));
    REQUESTS.put("ScheduleKeyDeletion", k -> Requests.scheduleKeyDeletion(k.enabled(), 7));
    REQUESTS.put("CancelKeyDeletion", k -> Requests.cancelKeyDeletion(k.pending()));
    REQUESTS.put(
        "GetParametersForImport",
        k ->
            Requests.getParametersForImport(
                k.external(), WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
    REQUESTS.put(
        "ImportKeyMaterial",
        k -> {
          var parameters =
              k.kms()
                  .parameters(
                      k.external(), WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
          return Requests.importKeyMaterial(k.external())
              .token(parameters.importToken())
              .material(
                  CustomerKeyWrapping.wrap(
                      WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey(), new byte[32]))
              .neverExpires()
              .build();
        });
    REQUESTS.put(
        "DeleteImportedKeyMaterial", k -> Requests.deleteImportedKeyMaterial(k.external()));
    REQUESTS.put(
        "CreateGrant",
        k ->
            new CreateGrantRequest(
                k.enabled(),
                "arn:aws:iam::" + ACCOUNT + ":user/dave",
                null,
                null,
                null,
                List.of("Encrypt"),
                null,
                null,
                null,
                null));
    REQUESTS.put(
        "ListGrants", k -> new ListGrantsRequest(null, null, k.enabled(), null, null, null));
    REQUESTS.put(
        "ListRetirableGrants",
        k ->
            new ListRetirableGrantsRequest(
                null, null, "arn:aws:iam::" + ACCOUNT + ":user/x", null));
    REQUESTS.put("RetireGrant", k -> new RetireGrantRequest(null, k.enabled(), k.grantId(), null));
    REQUESTS.put("RevokeGrant", k -> new RevokeGrantRequest(k.enabled(), k.grantId(), null));
    REQUESTS.put("GetKeyPolicy", k -> new GetKeyPolicyRequest(k.enabled(), "default"));
    REQUESTS.put("GetKeyLastUsage", k -> new GetKeyLastUsageRequest(k.enabled()));
    REQUESTS.put(
        "PutKeyPolicy",
        k ->
            new PutKeyPolicyRequest(
                k.enabled(),
                "default",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"AWS\":\"arn:aws:iam::"
                    + ACCOUNT
                    + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
                null));
    REQUESTS.put("ListKeyPolicies", k -> new ListKeyPoliciesRequest(k.enabled(), null, null));
    REQUESTS.put(
        "CreateCustomKeyStore",
        k ->
            new CreateCustomKeyStoreRequest(
                "new-store",
                KmsFixture.CLUSTERS.get(2),
                KmsFixture.TRUST_ANCHOR,
                KmsFixture.TOKEN_PIN,
                null));
    REQUESTS.put(
        "DescribeCustomKeyStores", k -> new DescribeCustomKeyStoresRequest(null, null, null, null));
    REQUESTS.put(
        "ConnectCustomKeyStore",
        k -> new ConnectCustomKeyStoreRequest(k.kms().customKeyStore(false)));
    REQUESTS.put(
        "DisconnectCustomKeyStore",
        k -> new DisconnectCustomKeyStoreRequest(k.kms().customKeyStore(true)));
    REQUESTS.put(
        "UpdateCustomKeyStore",
        k ->
            new UpdateCustomKeyStoreRequest(
                k.kms().customKeyStore(false), "renamed-store", null, null));
    REQUESTS.put(
        "DeleteCustomKeyStore",
        k -> new DeleteCustomKeyStoreRequest(k.kms().customKeyStore(false)));
    REQUESTS.put(
        "ReplicateKey",
        k ->
            new ReplicateKeyRequest(
                k.kms().createKey(Requests.createKey().multiRegion(true)),
                KmsFixture.REPLICA_REGION,
                null,
                null,
                null,
                null));
    REQUESTS.put(
        "UpdatePrimaryRegion",
        k -> {
          String keyId = k.kms().createKey(Requests.createKey().multiRegion(true));
          k.kms().replicate(keyId, KmsFixture.REPLICA_REGION);
          return new UpdatePrimaryRegionRequest(keyId, KmsFixture.REPLICA_REGION);
        });
  }

  /** An HMAC_256 key, made by the account root. */
  private static String hmacKey(Keys k) {
    return k.kms()
        .createKey(
            Requests.createKey().keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
  }

  /** A P-256 public key (SubjectPublicKeyInfo DER) made here, for DeriveSharedSecret. */
  private static byte[] peerPublicKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair().getPublic().getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyOperationOfTheKms_isChecked() {
    assertThat(REQUESTS.keySet())
        .as("a request for every operation, so none escapes authorization")
        .containsExactlyInAnyOrderElementsOf(
            new KmsFixture().kms.operations().stream().map(OperationBinding::name).toList());
  }

  static Stream<Arguments> operations() {
    return REQUESTS.keySet().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void aCallerNoPolicyAllows_isRefused_audited_andChangesNothing(String operation) {
    KmsFixture kms = new KmsFixture();
    Keys keys = Keys.in(kms);
    KmsKey before = kms.test.store().find(new KeyId(keys.enabled())).orElseThrow();
    OperationBinding<?, ?> binding = kms.kms.operation(operation).orElseThrow();
    KmsRequest request = REQUESTS.get(operation).apply(keys);

    assertThatThrownBy(() -> kms.kms.invokeUnchecked(binding, request, TestKms.context(MALLORY)))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .startsWith(
                      "User: "
                          + MALLORY.arn()
                          + " is not authorized to perform: kms:"
                          + (operation.equals("ReEncrypt") ? "ReEncryptFrom" : operation)
                          + " on resource: ")
                  .contains("because no");
            });
    AuditEvent refusal = kms.lastAudit();
    assertThat(refusal.eventName()).isEqualTo(operation);
    assertThat(refusal.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(kms.test.store().find(new KeyId(keys.enabled())).orElseThrow())
        .as("the key is unchanged")
        .isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void theSameCaller_withAnIdentityPolicyAllowingKms_isNotRefused(String operation) {
    KmsFixture kms = new KmsFixture();
    Keys keys = Keys.in(kms);
    kms.test.attachIdentityPolicy(MALLORY.arn(), ALLOW_ALL);
    OperationBinding<?, ?> binding = kms.kms.operation(operation).orElseThrow();

    kms.kms.invokeUnchecked(binding, REQUESTS.get(operation).apply(keys), TestKms.context(MALLORY));

    assertThat(kms.lastAudit().errorCode()).isNull();
  }
}
