package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lambda.KmsSetup.ALIAS;
import static dev.serverlesskms.functions.lambda.KmsSetup.arn;
import static dev.serverlesskms.functions.lambda.LambdaBinding.invoke;
import static dev.serverlesskms.functions.lambda.LambdaBinding.parse;
import static dev.serverlesskms.functions.lambda.SampleEvents.EXAMPLE_IMPORT_TOKEN;
import static dev.serverlesskms.functions.lambda.SampleEvents.EXAMPLE_KEY_MATERIAL;
import static dev.serverlesskms.functions.lambda.SampleEvents.base64;
import static dev.serverlesskms.functions.lambda.SampleEvents.withCiphertext;
import static dev.serverlesskms.functions.lambda.SampleEvents.withKey;
import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesskms.core.api.CreateGrantRequest;
import dev.serverlesskms.core.api.ListGrantsRequest;
import dev.serverlesskms.core.model.DataKeyPairSpec;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.functions.funq.DirectInvocation;
import dev.serverlesskms.functions.lifecycle.TestClockAndMetrics;
import dev.serverlesskms.testkit.KeyPairHalves;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Every sample event of {@code events/} through its function, as {@code sam local invoke -e
 * events/<file>} would run it: posted to the Lambda mock event server of one application, which
 * exports each event's function in turn ({@link LambdaBinding#export}). What an event refers to is
 * set up beforehand through the AWS SDK and its placeholders replaced (events/README.md); each case
 * then checks the function's output as Lambda returns it (members, base64 blobs, epoch-second
 * dates, the empty answer of a void operation) and, through the SDK, that the event's content took
 * effect.
 *
 * <p>A new event file fails here until it has a case, and a case without its file fails too.
 */
@QuarkusTest
class SampleEventsTest {
  private static final Map<String, String> EXAMPLE_CONTEXT = Map.of("Purpose", "example");

  /** The message of generate-mac.json and verify-mac.json ("SGVsbG8sIFdvcmxkIQ=="). */
  private static final String EXAMPLE_MESSAGE = "Hello, World!";

  /** The MAC placeholder of verify-mac.json. */
  private static final String EXAMPLE_MAC = "REPLACE+ME+with+the+Mac+of+a+GenerateMac+call+++";

  /** The account the sample key policy names (AWS's documented example account). */
  private static final String EXAMPLE_ACCOUNT = "111122223333";

  /** Each event file: the Funqy function it is for (events/README.md), and its check. */
  private record EventCase(String function, Consumer<String> check) {}

  private KmsSetup setup;
  @Inject KeyStore keyStore;
  private final Map<String, EventCase> cases =
      Map.ofEntries(
          entry("create-key.json", new EventCase("CreateKey", this::createKey)),
          entry("describe-key.json", new EventCase("DescribeKey", this::describeKey)),
          entry("list-keys.json", new EventCase("ListKeys", this::listKeys)),
          entry(
              "update-key-description.json",
              new EventCase("UpdateKeyDescription", this::updateKeyDescription)),
          entry("enable-key.json", new EventCase("EnableKey", this::enableKey)),
          entry("disable-key.json", new EventCase("DisableKey", this::disableKey)),
          entry("encrypt.json", new EventCase("Encrypt", this::encrypt)),
          entry("decrypt.json", new EventCase("Decrypt", this::decrypt)),
          entry("re-encrypt.json", new EventCase("ReEncrypt", this::reEncrypt)),
          entry("sign.json", new EventCase("Sign", this::sign)),
          entry("verify.json", new EventCase("Verify", this::verify)),
          entry("get-public-key.json", new EventCase("GetPublicKey", this::getPublicKey)),
          entry("generate-data-key.json", new EventCase("GenerateDataKey", this::generateDataKey)),
          entry(
              "generate-data-key-without-plaintext.json",
              new EventCase(
                  "GenerateDataKeyWithoutPlaintext", this::generateDataKeyWithoutPlaintext)),
          entry("generate-random.json", new EventCase("GenerateRandom", this::generateRandom)),
          entry("generate-mac.json", new EventCase("GenerateMac", this::generateMac)),
          entry("verify-mac.json", new EventCase("VerifyMac", this::verifyMac)),
          entry(
              "generate-data-key-pair.json",
              new EventCase("GenerateDataKeyPair", this::generateDataKeyPair)),
          entry(
              "generate-data-key-pair-without-plaintext.json",
              new EventCase(
                  "GenerateDataKeyPairWithoutPlaintext",
                  this::generateDataKeyPairWithoutPlaintext)),
          entry(
              "derive-shared-secret.json",
              new EventCase("DeriveSharedSecret", this::deriveSharedSecret)),
          entry("create-alias.json", new EventCase("CreateAlias", this::createAlias)),
          entry("update-alias.json", new EventCase("UpdateAlias", this::updateAlias)),
          entry("delete-alias.json", new EventCase("DeleteAlias", this::deleteAlias)),
          entry("list-aliases.json", new EventCase("ListAliases", this::listAliases)),
          entry("tag-resource.json", new EventCase("TagResource", this::tagResource)),
          entry("untag-resource.json", new EventCase("UntagResource", this::untagResource)),
          entry(
              "list-resource-tags.json", new EventCase("ListResourceTags", this::listResourceTags)),
          entry(
              "enable-key-rotation.json",
              new EventCase("EnableKeyRotation", this::enableKeyRotation)),
          entry(
              "disable-key-rotation.json",
              new EventCase("DisableKeyRotation", this::disableKeyRotation)),
          entry(
              "get-key-rotation-status.json",
              new EventCase("GetKeyRotationStatus", this::getKeyRotationStatus)),
          entry("get-key-last-usage.json", new EventCase("GetKeyLastUsage", this::getKeyLastUsage)),
          entry(
              "rotate-key-on-demand.json",
              new EventCase("RotateKeyOnDemand", this::rotateKeyOnDemand)),
          entry(
              "list-key-rotations.json", new EventCase("ListKeyRotations", this::listKeyRotations)),
          entry("replicate-key.json", new EventCase("ReplicateKey", this::replicateKey)),
          entry(
              "update-primary-region.json",
              new EventCase("UpdatePrimaryRegion", this::updatePrimaryRegion)),
          entry(
              "schedule-key-deletion.json",
              new EventCase("ScheduleKeyDeletion", this::scheduleKeyDeletion)),
          entry(
              "cancel-key-deletion.json",
              new EventCase("CancelKeyDeletion", this::cancelKeyDeletion)),
          entry(
              "get-parameters-for-import.json",
              new EventCase("GetParametersForImport", this::getParametersForImport)),
          entry(
              "import-key-material.json",
              new EventCase("ImportKeyMaterial", this::importKeyMaterial)),
          entry(
              "delete-imported-key-material.json",
              new EventCase("DeleteImportedKeyMaterial", this::deleteImportedKeyMaterial)),
          entry("create-grant.json", new EventCase("CreateGrant", this::createGrant)),
          entry("list-grants.json", new EventCase("ListGrants", this::listGrants)),
          entry(
              "list-retirable-grants.json",
              new EventCase("ListRetirableGrants", this::listRetirableGrants)),
          entry("retire-grant.json", new EventCase("RetireGrant", this::retireGrant)),
          entry("revoke-grant.json", new EventCase("RevokeGrant", this::revokeGrant)),
          entry("get-key-policy.json", new EventCase("GetKeyPolicy", this::getKeyPolicy)),
          entry("put-key-policy.json", new EventCase("PutKeyPolicy", this::putKeyPolicy)),
          entry("list-key-policies.json", new EventCase("ListKeyPolicies", this::listKeyPolicies)),
          entry(
              "create-custom-key-store.json",
              new EventCase("CreateCustomKeyStore", this::createCustomKeyStore)),
          entry(
              "describe-custom-key-stores.json",
              new EventCase("DescribeCustomKeyStores", this::describeCustomKeyStores)),
          entry(
              "connect-custom-key-store.json",
              new EventCase("ConnectCustomKeyStore", this::connectCustomKeyStore)),
          entry(
              "disconnect-custom-key-store.json",
              new EventCase("DisconnectCustomKeyStore", this::disconnectCustomKeyStore)),
          entry(
              "update-custom-key-store.json",
              new EventCase("UpdateCustomKeyStore", this::updateCustomKeyStore)),
          entry(
              "delete-custom-key-store.json",
              new EventCase("DeleteCustomKeyStore", this::deleteCustomKeyStore)),
          entry("kms-api-encrypt.json", new EventCase("KmsApi", this::kmsApi)),
          entry("process-due-keys.json", new EventCase("ProcessDueKeys", this::processDueKeys)),
          entry(
              "report-key-material-expiry.json",
              new EventCase("ReportKeyMaterialExpiry", this::reportKeyMaterialExpiry)),
          entry(
              "encrypt-sqs-messages.json",
              new EventCase("EncryptSqsMessages", this::encryptSqsMessages)),
          entry(
              "encrypt-eventbridge-event.json",
              new EventCase("EncryptEventBridgeEvents", this::encryptEventBridgeEvent)));

  @BeforeEach
  void openSetup() {
    setup = new KmsSetup();
  }

  @AfterEach
  void closeSetup() {
    setup.close();
  }

  static List<String> eventFiles() {
    return SampleEvents.files();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventFiles")
  void sampleEvent_throughItsFunction(String file) {
    EventCase eventCase = cases.get(file);
    assertThat(eventCase).as("a case for events/%s in this test", file).isNotNull();

    LambdaBinding.export(eventCase.function());

    eventCase.check().accept(SampleEvents.read(file));
  }

  @Test
  void everyCase_hasItsEventFile() {
    assertThat(SampleEvents.files()).containsAll(cases.keySet());
  }

  // ---------------------------------------------------------------- grants

  /** AWS's documented example grant id, the placeholder of retire-grant and revoke-grant. */
  private static final String EXAMPLE_GRANT_ID =
      "0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60";

  private static final String EXAMPLE_ROLE = "arn:aws:iam::111122223333:role/ExampleRole";
  private static final String EXAMPLE_ADMIN = "arn:aws:iam::111122223333:role/ExampleAdmin";

  /**
   * The KMS itself, for the grants a case needs and the checks of what an event did: as the account
   * root of a direct invocation, which may manage grants whatever the caller the SDK signs as may
   * do.
   */
  @Inject Kms kmsFacade;

  @Inject DirectInvocation direct;

  private String newGrant(String keyId) {
    return kmsFacade
        .invoke(
            kmsFacade.createGrant,
            new CreateGrantRequest(
                keyId,
                EXAMPLE_ROLE,
                null,
                EXAMPLE_ADMIN,
                null,
                List.of("Encrypt", "Decrypt"),
                null,
                null,
                null,
                null),
            direct.context())
        .grantId();
  }

  private List<dev.serverlesskms.core.api.GrantListEntry> grantsOf(String keyId) {
    return kmsFacade
        .invoke(
            kmsFacade.listGrants,
            new ListGrantsRequest(null, null, keyId, null, null, null),
            direct.context())
        .grants();
  }

  private void createGrant(String event) {
    String keyId = setup.newKey("to grant");

    JsonNode out = invoke(withKey(event, keyId));

    String grantId = out.get("GrantId").asText();
    assertThat(grantId).matches("[0-9a-f]{64}");
    assertThat(out.get("GrantToken").asText()).startsWith("AQpA");
    dev.serverlesskms.core.api.GrantListEntry grant = grantsOf(keyId).get(0);
    assertThat(grant.grantId()).isEqualTo(grantId);
    assertThat(grant.name()).isEqualTo("example-grant");
    assertThat(grant.granteePrincipal()).isEqualTo(EXAMPLE_ROLE);
    assertThat(grant.retiringPrincipal()).isEqualTo(EXAMPLE_ADMIN);
    assertThat(grant.operations())
        .containsExactly(
            dev.serverlesskms.core.model.GrantOperation.Encrypt,
            dev.serverlesskms.core.model.GrantOperation.Decrypt,
            dev.serverlesskms.core.model.GrantOperation.GenerateDataKey);
    assertThat(grant.constraints().encryptionContextSubset()).isEqualTo(EXAMPLE_CONTEXT);
    assertThat(invoke(withKey(event, keyId)).get("GrantId").asText())
        .as("the same Name and parameters: the same grant")
        .isEqualTo(grantId);
  }

  private void listGrants(String event) {
    String keyId = setup.newKey("granted");
    String grantId = newGrant(keyId);

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("Grants"))
        .singleElement()
        .satisfies(
            grant -> {
              assertThat(grant.get("GrantId").asText()).isEqualTo(grantId);
              assertThat(grant.get("KeyId").asText()).isEqualTo(arn(keyId));
              assertThat(grant.get("GranteePrincipal").asText()).isEqualTo(EXAMPLE_ROLE);
              assertThat(grant.get("IssuingAccount").asText())
                  .isEqualTo("arn:aws:iam::" + KmsSetup.accountId() + ":root");
              assertThat(grant.get("Name").asText()).isEmpty();
              assertThat(grant.get("CreationDate").isNumber()).isTrue();
              assertThat(grant.get("Operations").toString()).isEqualTo("[\"Encrypt\",\"Decrypt\"]");
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  private void listRetirableGrants(String event) {
    String keyId = setup.newKey("granted");
    String grantId = newGrant(keyId);

    JsonNode out = invoke(event);

    assertThat(out.get("Grants"))
        .anySatisfy(
            grant -> {
              assertThat(grant.get("GrantId").asText()).isEqualTo(grantId);
              assertThat(grant.get("RetiringPrincipal").asText()).isEqualTo(EXAMPLE_ADMIN);
            });
  }

  private void retireGrant(String event) {
    String keyId = setup.newKey("granted");
    String grantId = newGrant(keyId);

    assertThat(invoke(withKey(event, keyId).replace(EXAMPLE_GRANT_ID, grantId)).toString())
        .isEqualTo("{}");

    assertThat(grantsOf(keyId)).isEmpty();
  }

  private void revokeGrant(String event) {
    String keyId = setup.newKey("granted");
    String grantId = newGrant(keyId);
    String kept = newGrant(keyId);

    assertThat(invoke(withKey(event, keyId).replace(EXAMPLE_GRANT_ID, grantId)).toString())
        .isEqualTo("{}");

    assertThat(grantsOf(keyId))
        .extracting(dev.serverlesskms.core.api.GrantListEntry::grantId)
        .containsExactly(kept);
  }

  // ---------------------------------------------------------------- keys

  private void createKey(String event) {
    JsonNode metadata = invoke(event).get("KeyMetadata");

    String keyId = metadata.get("KeyId").asText();
    assertThat(metadata.get("Arn").asText()).isEqualTo(arn(keyId));
    assertThat(metadata.get("AWSAccountId").asText()).isEqualTo(KmsSetup.accountId());
    assertThat(metadata.get("Description").asText())
        .isEqualTo(parse(event).get("Description").asText());
    assertThat(metadata.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(metadata.get("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(metadata.get("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(metadata.get("Origin").asText()).isEqualTo("AWS_KMS");
    assertThat(metadata.get("CreationDate").isNumber()).isTrue();
    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().arn())
        .isEqualTo(arn(keyId));
    assertThat(setup.kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactly(
            Tag.builder().tagKey("Project").tagValue("serverless-kms-example").build());
  }

  private void describeKey(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode metadata = invoke(event).get("KeyMetadata");

    assertThat(metadata.get("KeyId").asText()).isEqualTo(keyId);
    assertThat(metadata.get("Arn").asText()).isEqualTo(arn(keyId));
    assertThat(metadata.get("AWSAccountId").asText()).isEqualTo(KmsSetup.accountId());
    assertThat(metadata.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(metadata.get("Enabled").asBoolean()).isTrue();
  }

  private void listKeys(String event) {
    String keyId = setup.newKey("listed");

    JsonNode out = invoke(event);

    assertThat(out.get("Keys"))
        .anySatisfy(
            entry -> {
              assertThat(entry.get("KeyId").asText()).isEqualTo(keyId);
              assertThat(entry.get("KeyArn").asText()).isEqualTo(arn(keyId));
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  private void updateKeyDescription(String event) {
    String keyId = setup.newKey("before");
    String withKey = withKey(event, keyId);

    assertThat(invoke(withKey).toString()).isEqualTo("{}");

    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().description())
        .isEqualTo(parse(withKey).get("Description").asText());
  }

  private void enableKey(String event) {
    String keyId = setup.newKey("disabled");
    setup.kms.disableKey(r -> r.keyId(keyId));

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
  }

  private void disableKey(String event) {
    String keyId = setup.newKey("to disable");

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
  }

  // ---------------------------------------------------------------- cryptography

  private void encrypt(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(event);

    // the ciphertext decrypts, with the event's context, to the event's plaintext
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    DecryptResponse decrypted = decrypt(blob(out.get("CiphertextBlob")), EXAMPLE_CONTEXT);
    assertThat(decrypted.plaintext().asByteArray()).isEqualTo(bytes(parse(event).get("Plaintext")));
    assertThat(decrypted.keyId()).isEqualTo(arn(keyId));
  }

  private void decrypt(String event) {
    String keyId = setup.newKeyWithExampleAlias();
    SdkBytes ciphertext =
        setup
            .kms
            .encrypt(
                r ->
                    r.keyId(ALIAS)
                        .plaintext(SdkBytes.fromUtf8String("decrypt me"))
                        .encryptionContext(EXAMPLE_CONTEXT))
            .ciphertextBlob();

    JsonNode out = invoke(withCiphertext(event, ciphertext));

    assertThat(bytes(out.get("Plaintext"))).asString().isEqualTo("decrypt me");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(out.get("KeyMaterialId").asText()).isNotBlank();
  }

  private void reEncrypt(String event) {
    // a ciphertext under one key, and alias/example pointing to another
    String sourceKeyId = setup.newKey("source");
    String destinationKeyId = setup.newKeyWithExampleAlias();
    SdkBytes ciphertext =
        setup
            .kms
            .encrypt(
                r ->
                    r.keyId(sourceKeyId)
                        .plaintext(SdkBytes.fromUtf8String("re-encrypt me"))
                        .encryptionContext(EXAMPLE_CONTEXT))
            .ciphertextBlob();
    String withCiphertext = withCiphertext(event, ciphertext);

    JsonNode out = invoke(withCiphertext);

    assertThat(out.get("SourceKeyId").asText()).isEqualTo(arn(sourceKeyId));
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(destinationKeyId));
    Map<String, String> destinationContext =
        Map.of(
            "Purpose",
            parse(withCiphertext).get("DestinationEncryptionContext").get("Purpose").asText());
    DecryptResponse decrypted = decrypt(blob(out.get("CiphertextBlob")), destinationContext);
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("re-encrypt me");
    assertThat(decrypted.keyId()).isEqualTo(arn(destinationKeyId));
  }

  /** The key sign.json, verify.json and get-public-key.json need: ECC_NIST_P256, SIGN_VERIFY. */
  private String newSigningKey() {
    return setup
        .kms
        .createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
        .keyMetadata()
        .keyId();
  }

  private void sign(String event) {
    String keyId = newSigningKey();

    JsonNode out = invoke(withKey(event, keyId));

    // the signature verifies, through the SDK, for the event's message
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("SigningAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
    assertThat(
            setup
                .kms
                .verify(
                    r ->
                        r.keyId(keyId)
                            .message(SdkBytes.fromByteArray(bytes(parse(event).get("Message"))))
                            .messageType(MessageType.RAW)
                            .signature(blob(out.get("Signature")))
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .signatureValid())
        .isTrue();
  }

  private void verify(String event) {
    String keyId = newSigningKey();
    SdkBytes signature =
        setup
            .kms
            .sign(
                r ->
                    r.keyId(keyId)
                        .message(SdkBytes.fromByteArray(bytes(parse(event).get("Message"))))
                        .messageType(MessageType.RAW)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature();
    assertThat(event).contains(EXAMPLE_SIGNATURE);
    String withSignature =
        withKey(event, keyId).replace(EXAMPLE_SIGNATURE, base64(signature.asByteArray()));

    JsonNode out = invoke(withSignature);

    assertThat(out.get("SignatureValid").asBoolean()).isTrue();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("SigningAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
  }

  private void getPublicKey(String event) {
    String keyId = newSigningKey();

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("KeySpec").asText()).isEqualTo("ECC_NIST_P256");
    assertThat(out.get("CustomerMasterKeySpec").asText()).isEqualTo("ECC_NIST_P256");
    assertThat(out.get("KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
    assertThat(out.get("SigningAlgorithms").toString()).isEqualTo("[\"ECDSA_SHA_256\"]");
    assertThat(out.has("EncryptionAlgorithms")).isFalse();
    try {
      assertThat(
              KeyFactory.getInstance("EC")
                  .generatePublic(new X509EncodedKeySpec(bytes(out.get("PublicKey"))))
                  .getAlgorithm())
          .isEqualTo("EC");
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("PublicKey is no X.509 EC public key", e);
    }
  }

  /** The signature placeholder of verify.json (events/README.md). */
  private static final String EXAMPLE_SIGNATURE = "REPLACE+ME+with+the+Signature+of+a+Sign+call";

  private void generateDataKey(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(event);

    byte[] plaintext = bytes(out.get("Plaintext"));
    assertThat(plaintext).hasSize(32);
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(decrypt(blob(out.get("CiphertextBlob")), EXAMPLE_CONTEXT).plaintext().asByteArray())
        .isEqualTo(plaintext);
  }

  private void generateDataKeyWithoutPlaintext(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(event);

    assertThat(out.has("Plaintext")).isFalse();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(decrypt(blob(out.get("CiphertextBlob")), EXAMPLE_CONTEXT).plaintext().asByteArray())
        .hasSize(32);
  }

  private void generateRandom(String event) {
    byte[] first = bytes(invoke(event).get("Plaintext"));
    byte[] second = bytes(invoke(event).get("Plaintext"));

    assertThat(first).hasSize(32);
    assertThat(second).hasSize(32).isNotEqualTo(first);
  }

  private String newKey(KeySpec spec, KeyUsageType usage) {
    return setup
        .kms
        .createKey(r -> r.description("sample " + spec).keySpec(spec).keyUsage(usage))
        .keyMetadata()
        .keyId();
  }

  private void generateMac(String event) {
    String keyId = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);

    JsonNode out = invoke(withKey(event, keyId));

    byte[] mac = bytes(out.get("Mac"));
    assertThat(mac).hasSize(32);
    assertThat(out.get("MacAlgorithm").asText()).isEqualTo("HMAC_SHA_256");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            setup
                .kms
                .verifyMac(
                    r ->
                        r.keyId(keyId)
                            .message(SdkBytes.fromUtf8String(EXAMPLE_MESSAGE))
                            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                            .mac(SdkBytes.fromByteArray(mac)))
                .macValid())
        .isTrue();
  }

  private void verifyMac(String event) {
    String keyId = newKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    SdkBytes mac =
        setup
            .kms
            .generateMac(
                r ->
                    r.keyId(keyId)
                        .message(SdkBytes.fromUtf8String(EXAMPLE_MESSAGE))
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))
            .mac();

    JsonNode out = invoke(withKey(event, keyId).replace(EXAMPLE_MAC, base64(mac.asByteArray())));

    assertThat(out.get("MacValid").asBoolean()).isTrue();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("MacAlgorithm").asText()).isEqualTo("HMAC_SHA_256");
  }

  private void generateDataKeyPair(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(event);

    byte[] privateKey = bytes(out.get("PrivateKeyPlaintext"));
    KeyPairHalves.assertMatch(
        DataKeyPairSpec.ECC_NIST_P256, privateKey, bytes(out.get("PublicKey")));
    assertThat(out.get("KeyPairSpec").asText()).isEqualTo("ECC_NIST_P256");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            decrypt(blob(out.get("PrivateKeyCiphertextBlob")), EXAMPLE_CONTEXT)
                .plaintext()
                .asByteArray())
        .isEqualTo(privateKey);
  }

  private void generateDataKeyPairWithoutPlaintext(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(event);

    assertThat(out.has("PrivateKeyPlaintext")).isFalse();
    assertThat(out.get("KeyPairSpec").asText()).isEqualTo("RSA_2048");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    KeyPairHalves.assertMatch(
        DataKeyPairSpec.RSA_2048,
        decrypt(blob(out.get("PrivateKeyCiphertextBlob")), EXAMPLE_CONTEXT)
            .plaintext()
            .asByteArray(),
        bytes(out.get("PublicKey")));
  }

  private void deriveSharedSecret(String event) {
    String keyId = newKey(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);

    JsonNode out = invoke(withKey(event, keyId));

    byte[] secret = bytes(out.get("SharedSecret"));
    assertThat(secret).hasSize(32);
    assertThat(out.get("KeyAgreementAlgorithm").asText()).isEqualTo("ECDH");
    assertThat(out.get("KeyOrigin").asText()).isEqualTo("AWS_KMS");
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    SdkBytes peer = SdkBytes.fromByteArray(bytes(parse(event).get("PublicKey")));
    assertThat(
            setup
                .kms
                .deriveSharedSecret(
                    r ->
                        r.keyId(keyId)
                            .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                            .publicKey(peer))
                .sharedSecret()
                .asByteArray())
        .isEqualTo(secret);
  }

  // ---------------------------------------------------------------- aliases and tags

  private void createAlias(String event) {
    String keyId = setup.newKey("alias target");
    setup.deleteExampleAlias(); // the event creates it

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.listAliases(r -> r.keyId(keyId)).aliases())
        .extracting(AliasListEntry::aliasName)
        .containsExactly(ALIAS);
    assertThat(setup.kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(keyId);
  }

  private void updateAlias(String event) {
    setup.newKeyWithExampleAlias();
    String otherKeyId = setup.newKey("new alias target");

    assertThat(invoke(withKey(event, otherKeyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId())
        .isEqualTo(otherKeyId);
  }

  private void deleteAlias(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    assertThat(invoke(event).toString()).isEqualTo("{}");

    assertThat(setup.kms.listAliases(r -> r.keyId(keyId)).aliases())
        .extracting(AliasListEntry::aliasName)
        .doesNotContain(ALIAS);
    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().enabled()).isTrue();
  }

  private void listAliases(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("Aliases"))
        .singleElement()
        .satisfies(
            alias -> {
              assertThat(alias.get("AliasName").asText()).isEqualTo(ALIAS);
              assertThat(alias.get("TargetKeyId").asText()).isEqualTo(keyId);
              assertThat(alias.get("AliasArn").asText()).endsWith(":" + ALIAS);
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  private void tagResource(String event) {
    String keyId = setup.newKey("to tag");

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactlyInAnyOrder(
            Tag.builder().tagKey("CostCenter").tagValue("87654").build(),
            Tag.builder().tagKey("Purpose").tagValue("example").build());
  }

  private void untagResource(String event) {
    String keyId = setup.newKey("to untag");
    setup.kms.tagResource(
        r ->
            r.keyId(keyId)
                .tags(
                    Tag.builder().tagKey("CostCenter").tagValue("87654").build(),
                    Tag.builder().tagKey("Purpose").tagValue("example").build()));

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.listResourceTags(r -> r.keyId(keyId)).tags())
        .containsExactly(Tag.builder().tagKey("CostCenter").tagValue("87654").build());
  }

  private void listResourceTags(String event) {
    String keyId = setup.newKey("tagged");
    setup.kms.tagResource(
        r -> r.keyId(keyId).tags(Tag.builder().tagKey("CostCenter").tagValue("87654").build()));

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("Tags"))
        .singleElement()
        .satisfies(
            tag -> {
              assertThat(tag.get("TagKey").asText()).isEqualTo("CostCenter");
              assertThat(tag.get("TagValue").asText()).isEqualTo("87654");
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  // ---------------------------------------------------------------- rotation

  private void enableKeyRotation(String event) {
    String keyId = setup.newKey("to rotate");

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    GetKeyRotationStatusResponse status = setup.kms.getKeyRotationStatus(r -> r.keyId(keyId));
    assertThat(status.keyRotationEnabled()).isTrue();
    assertThat(status.rotationPeriodInDays()).isEqualTo(180);
  }

  private void disableKeyRotation(String event) {
    String keyId = setup.newKey("rotating");
    setup.kms.enableKeyRotation(r -> r.keyId(keyId));

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    assertThat(setup.kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isFalse();
  }

  private void getKeyRotationStatus(String event) {
    String keyId = setup.newKey("rotating");
    setup.kms.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(90));

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyRotationEnabled").asBoolean()).isTrue();
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("RotationPeriodInDays").asInt()).isEqualTo(90);
    assertThat(out.get("NextRotationDate").decimalValue().longValue())
        .isEqualTo(CLOCK.instant().plus(Duration.ofDays(90)).getEpochSecond());
  }

  private void getKeyLastUsage(String event) {
    String keyId = setup.newKey("used");
    String requestId =
        setup
            .kms
            .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
            .responseMetadata()
            .requestId();

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(keyId);
    assertThat(out.get("KeyCreationDate").isNumber()).isTrue();
    assertThat(out.get("TrackingStartDate").isNumber()).isTrue();
    JsonNode use = out.get("KeyLastUsage");
    assertThat(use.get("Operation").asText()).isEqualTo("Encrypt");
    assertThat(use.get("KmsRequestId").asText()).isEqualTo(requestId);
    assertThat(use.get("CloudTrailEventId").asText()).isNotEmpty();
    assertThat(use.get("Timestamp").isNumber()).isTrue();
  }

  private void rotateKeyOnDemand(String event) {
    String keyId = setup.newKey("to rotate now");

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(setup.kms.listKeyRotations(r -> r.keyId(keyId)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.ON_DEMAND);
  }

  private void replicateKey(String event) {
    String keyId = setup.kms.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();

    JsonNode out = invoke(withKey(event, keyId));

    JsonNode replica = out.get("ReplicaKeyMetadata");
    assertThat(replica.get("KeyId").asText()).isEqualTo(keyId);
    assertThat(replica.get("Arn").asText()).contains(":eu-west-1:").endsWith(keyId);
    assertThat(replica.get("MultiRegionConfiguration").get("MultiRegionKeyType").asText())
        .isEqualTo("REPLICA");
    assertThat(out.get("ReplicaTags").get(0).get("TagKey").asText()).isEqualTo("Purpose");
    assertThat(out.get("ReplicaPolicy").asText()).contains("kms:*");
    assertThat(
            setup
                .kms
                .describeKey(r -> r.keyId(keyId))
                .keyMetadata()
                .multiRegionConfiguration()
                .replicaKeys())
        .singleElement()
        .satisfies(copy -> assertThat(copy.region()).isEqualTo("eu-west-1"));
  }

  private void updatePrimaryRegion(String event) {
    String keyId = setup.kms.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
    setup.kms.replicateKey(r -> r.keyId(keyId).replicaRegion("eu-west-1"));

    assertThat(invoke(withKey(event, keyId)).toString()).isEqualTo("{}");

    var configuration =
        setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().multiRegionConfiguration();
    assertThat(configuration.multiRegionKeyTypeAsString()).isEqualTo("REPLICA");
    assertThat(configuration.primaryKey().region()).isEqualTo("eu-west-1");
  }

  private void listKeyRotations(String event) {
    String keyId = setup.newKey("rotated");
    setup.kms.rotateKeyOnDemand(r -> r.keyId(keyId));

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("Rotations"))
        .singleElement()
        .satisfies(
            rotation -> {
              assertThat(rotation.get("KeyId").asText()).isEqualTo(arn(keyId));
              assertThat(rotation.get("RotationType").asText()).isEqualTo("ON_DEMAND");
              assertThat(rotation.get("KeyMaterialId").asText()).isNotBlank();
            });
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  // ---------------------------------------------------------------- deletion

  private void scheduleKeyDeletion(String event) {
    String keyId = setup.newKey("to delete");

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("KeyState").asText()).isEqualTo("PendingDeletion");
    assertThat(out.get("PendingWindowInDays").asInt()).isEqualTo(7);
    assertThat(out.get("DeletionDate").decimalValue().longValue())
        .isEqualTo(CLOCK.instant().plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_DELETION);
  }

  private void cancelKeyDeletion(String event) {
    String keyId = setup.newKey("reprieved");
    setup.kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));

    JsonNode out = invoke(withKey(event, keyId));

    // the deletion is cancelled, leaving the key disabled
    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
  }

  // ---------------------------------------------------------------- imported key material

  private void getParametersForImport(String event) {
    String keyId = setup.newExternalKey();

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    RSAPublicKey publicKey = rsaPublicKey(bytes(out.get("PublicKey")));
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
    assertThat(bytes(out.get("ImportToken"))).isNotEmpty();
    assertThat(out.get("ParametersValidTo").decimalValue())
        .isGreaterThan(BigDecimal.valueOf(Instant.now().getEpochSecond()));
  }

  private void importKeyMaterial(String event) {
    // an EXTERNAL key, and material wrapped with the public key GetParametersForImport returned
    String keyId = setup.newExternalKey();
    GetParametersForImportResponse parameters = setup.importParameters(keyId);
    byte[] wrapped = KmsSetup.wrap(parameters.publicKey().asByteArray(), KmsSetup.randomBytes(32));
    String ready =
        withKey(event, keyId)
            .replace(EXAMPLE_IMPORT_TOKEN, base64(parameters.importToken().asByteArray()))
            .replace(EXAMPLE_KEY_MATERIAL, base64(wrapped));
    assertThat(ready).doesNotContain("REPLACE");

    JsonNode out = invoke(ready);

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(out.get("KeyMaterialId").asText()).isNotBlank();
    KeyMetadata metadata = setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
    assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(metadata.expirationModel())
        .isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
    SdkBytes ciphertext =
        setup
            .kms
            .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("imported")))
            .ciphertextBlob();
    assertThat(setup.kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
        .isEqualTo("imported");
  }

  private void deleteImportedKeyMaterial(String event) {
    String keyId = setup.newExternalKey();
    setup.importMaterial(keyId, null);

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(setup.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_IMPORT);
  }

  // ---------------------------------------------------------------- key policies

  private void getKeyPolicy(String event) {
    String keyId = setup.newKey("with the default policy");

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("PolicyName").asText()).isEqualTo("default");
    assertThat(out.get("Policy").asText())
        .isEqualTo(storedPolicy(keyId))
        .contains("arn:aws:iam::" + KmsSetup.accountId() + ":root");
  }

  private void putKeyPolicy(String event) {
    String keyId = setup.newKey("to get a new policy");
    // the example account of the event's policy becomes this KMS's, or the lockout check refuses
    String ready = withKey(event, keyId).replace(EXAMPLE_ACCOUNT, KmsSetup.accountId());
    String policy = parse(ready).get("Policy").asText();

    assertThat(invoke(ready).toString()).isEqualTo("{}");

    assertThat(storedPolicy(keyId)).isEqualTo(policy);
  }

  // ---------------------------------------------------------------- custom key stores

  /** The cluster the test profile declares (on a PKCS#11 library that is not there). */
  private static final String SAMPLE_CLUSTER = "cluster-1234567abcd";

  private static final String EXAMPLE_STORE_ID = "cks-1234567890abcdef0";

  private String newStore(String name) {
    return setup
        .kms
        .createCustomKeyStore(
            r ->
                r.customKeyStoreName(name)
                    .cloudHsmClusterId(SAMPLE_CLUSTER)
                    .trustAnchorCertificate("-----BEGIN CERTIFICATE-----")
                    .keyStorePassword("kmsPswd-example"))
        .customKeyStoreId();
  }

  private CustomKeyStoresListEntry describeStore(String id) {
    return setup.kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
  }

  /** Each case removes the stores it made: the one declared cluster serves one store at a time. */
  private void deleteStore(String id) {
    if (describeStore(id).connectionState() != ConnectionStateType.DISCONNECTED) {
      setup.kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
    }
    setup.kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
  }

  private static String withStore(String event, String id) {
    assertThat(event).contains(EXAMPLE_STORE_ID);
    return event.replace(EXAMPLE_STORE_ID, id);
  }

  private void createCustomKeyStore(String event) {
    String id = invoke(event).get("CustomKeyStoreId").asText();
    try {
      assertThat(id).matches("cks-[0-9a-f]{17}");
      CustomKeyStoresListEntry store = describeStore(id);
      assertThat(store.customKeyStoreName()).isEqualTo("ExampleCloudHsmKeyStore");
      assertThat(store.cloudHsmClusterId()).isEqualTo(SAMPLE_CLUSTER);
      assertThat(store.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
    } finally {
      deleteStore(id);
    }
  }

  private void describeCustomKeyStores(String event) {
    String id = newStore("described");
    try {
      JsonNode out = invoke(event);

      assertThat(out.get("CustomKeyStores"))
          .anySatisfy(
              store -> {
                assertThat(store.get("CustomKeyStoreId").asText()).isEqualTo(id);
                assertThat(store.get("ConnectionState").asText()).isEqualTo("DISCONNECTED");
                assertThat(store.get("CustomKeyStoreType").asText()).isEqualTo("AWS_CLOUDHSM");
                assertThat(store.get("CreationDate").isNumber()).isTrue();
                assertThat(store.has("KeyStorePassword")).isFalse();
              });
      assertThat(out.get("Truncated").asBoolean()).isFalse();
    } finally {
      deleteStore(id);
    }
  }

  private void connectCustomKeyStore(String event) {
    String id = newStore("to connect");
    try {
      assertThat(invoke(withStore(event, id)).toString()).isEqualTo("{}");

      // the test profile's cluster names a PKCS#11 library that is not there
      CustomKeyStoresListEntry store = describeStore(id);
      assertThat(store.connectionState()).isEqualTo(ConnectionStateType.FAILED);
      assertThat(store.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.CLUSTER_NOT_FOUND);
    } finally {
      deleteStore(id);
    }
  }

  private void disconnectCustomKeyStore(String event) {
    String id = newStore("to disconnect");
    try {
      setup.kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));

      assertThat(invoke(withStore(event, id)).toString()).isEqualTo("{}");

      assertThat(describeStore(id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
    } finally {
      deleteStore(id);
    }
  }

  private void updateCustomKeyStore(String event) {
    String id = newStore("to rename");
    try {
      assertThat(invoke(withStore(event, id)).toString()).isEqualTo("{}");

      assertThat(describeStore(id).customKeyStoreName()).isEqualTo("RenamedCloudHsmKeyStore");
    } finally {
      deleteStore(id);
    }
  }

  private void deleteCustomKeyStore(String event) {
    String id = newStore("to delete");

    assertThat(invoke(withStore(event, id)).toString()).isEqualTo("{}");

    assertThat(
            catchThrowableOfType(
                CustomKeyStoreNotFoundException.class,
                () -> setup.kms.describeCustomKeyStores(r -> r.customKeyStoreId(id))))
        .isNotNull();
  }

  private void listKeyPolicies(String event) {
    String keyId = setup.newKey("listed");

    JsonNode out = invoke(withKey(event, keyId));

    assertThat(out.get("PolicyNames"))
        .singleElement()
        .extracting(JsonNode::asText)
        .isEqualTo("default");
    assertThat(out.get("Truncated").asBoolean()).isFalse();
  }

  /**
   * A key's policy as the key store holds it (read around the KMS, whose callers it authorizes).
   */
  private String storedPolicy(String keyId) {
    return keyStore.find(new KeyId(keyId)).orElseThrow().policy();
  }

  // ---------------------------------------------------------------- API Gateway

  private void kmsApi(String event) {
    // an IAM-authorized HTTP API event for TrentService.Encrypt: an API Gateway response, 200. The
    // event's caller (user/example of the KMS's account) has no identity policy here (no
    // principals document): the key policy names it.
    String keyId =
        setup.newKeyWithExampleAlias(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::"
                + KmsSetup.accountId()
                + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + KmsSetup.accountId()
                + ":user/example\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}");

    JsonNode out = invoke(event);

    assertThat(out.get("statusCode").asInt()).isEqualTo(200);
    assertThat(out.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(out.get("headers").get("Content-Type").asText())
        .isEqualTo("application/x-amz-json-1.1");
    assertThat(out.get("headers").get("x-amzn-RequestId").asText())
        .isEqualTo(parse(event).get("requestContext").get("requestId").asText());
    JsonNode body = parse(out.get("body").asText());
    assertThat(body.get("KeyId").asText()).isEqualTo(arn(keyId));
    JsonNode request = parse(parse(event).get("body").asText());
    assertThat(decrypt(blob(body.get("CiphertextBlob")), EXAMPLE_CONTEXT).plaintext().asByteArray())
        .isEqualTo(bytes(request.get("Plaintext")));
  }

  // ---------------------------------------------------------------- schedules

  private void processDueKeys(String event) {
    // a key due for rotation and a key due for deletion, once the KMS clock has moved 91 days
    String rotating = setup.newKey("rotates every 90 days");
    setup.kms.enableKeyRotation(r -> r.keyId(rotating).rotationPeriodInDays(90));
    String deleting = setup.newKey("deleted after 7 days");
    setup.kms.scheduleKeyDeletion(r -> r.keyId(deleting).pendingWindowInDays(7));
    CLOCK.advance(Duration.ofDays(91));

    JsonNode summary = invoke(event);

    // Both were processed; other events' keys share this application, so the counts are at least
    // these two (the job's exact counts are the lifecycle tests' subject).
    assertThat(summary.get("Rotated").asInt()).isPositive();
    assertThat(summary.get("Deleted").asInt()).isPositive();
    assertThat(summary.get("Expired").isInt()).isTrue();
    assertThat(summary.get("Failures")).isEmpty();
    assertThat(setup.kms.listKeyRotations(r -> r.keyId(rotating)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.AUTOMATIC);
    assertThat(
            catchThrowableOfType(
                NotFoundException.class, () -> setup.kms.describeKey(r -> r.keyId(deleting))))
        .isNotNull();

    // and a second run finds nothing due
    JsonNode again = invoke(event);
    assertThat(
            again.get("Rotated").asInt()
                + again.get("Deleted").asInt()
                + again.get("Expired").asInt())
        .isZero();
  }

  private void reportKeyMaterialExpiry(String event) {
    // imported material that expires in 10 days, and material that never expires
    String expiring = setup.newExternalKey();
    setup.importMaterial(expiring, CLOCK.instant().plus(Duration.ofDays(10)));
    String lasting = setup.newExternalKey();
    setup.importMaterial(lasting, null);

    JsonNode reported = invoke(event);

    // the expiring key is reported, with its countdown metric; the other is not
    assertThat(reported.isInt()).as("the count of keys reported: %s", reported).isTrue();
    assertThat(reported.asInt()).isPositive();
    assertThat(TestClockAndMetrics.metricsWritten())
        .contains("SecondsUntilKeyMaterialExpiration")
        .contains(expiring)
        .doesNotContain(lasting);
  }

  // ---------------------------------------------------------------- event-triggered encryption

  private void encryptSqsMessages(String event) {
    // alias/example points to a key, and a batch of four messages: Encrypt, GenerateDataKey,
    // Encrypt under a missing alias (a client error), and a body that is no request at all
    String keyId = setup.newKeyWithExampleAlias();
    Path results =
        Path.of(ConfigProvider.getConfig().getValue("kms.data-dir", String.class))
            .resolve("event-results.jsonl");
    int before = lines(results).size();

    JsonNode out = invoke(event);

    // only the unreadable message is reported for retry (partial batch response)
    assertThat(out.get("batchItemFailures")).hasSize(1);
    assertThat(out.get("batchItemFailures").get(0).get("itemIdentifier").asText())
        .isEqualTo("a9d1e2f3-4b5c-4d6e-8f70-1a2b3c4d5e6f");

    // the three readable requests have results: two ciphertexts the SDK decrypts, one error
    List<JsonNode> published = new ArrayList<>();
    List<String> lines = lines(results);
    for (String line : lines.subList(before, lines.size())) {
      published.add(parse(line));
    }
    assertThat(published)
        .extracting(r -> r.get("CorrelationId").asText())
        .containsExactly("order-17", "order-18", "order-19");
    JsonNode encrypted = published.get(0);
    assertThat(encrypted.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            decrypt(blob(encrypted.get("CiphertextBlob")), EXAMPLE_CONTEXT)
                .plaintext()
                .asUtf8String())
        .isEqualTo("card number 4111...");
    SdkBytes dataKey = blob(published.get(1).get("CiphertextBlob"));
    assertThat(decrypt(dataKey, EXAMPLE_CONTEXT).plaintext().asByteArray()).hasSize(32);
    assertThat(published.get(1).has("Plaintext")).as("a data key leaves encrypted only").isFalse();
    assertThat(published.get(2).get("ErrorCode").asText()).isEqualTo("NotFoundException");
    assertThat(published.get(2).has("CiphertextBlob")).isFalse();
  }

  private void encryptEventBridgeEvent(String event) {
    String keyId = setup.newKeyWithExampleAlias();

    JsonNode result = invoke(event);

    // a result (for the on-success destination) whose ciphertext the SDK decrypts
    assertThat(result.get("CorrelationId").asText()).isEqualTo("order-20");
    assertThat(result.get("Operation").asText()).isEqualTo("Encrypt");
    assertThat(result.get("KeyId").asText()).isEqualTo(arn(keyId));
    assertThat(
            decrypt(blob(result.get("CiphertextBlob")), EXAMPLE_CONTEXT).plaintext().asUtf8String())
        .isEqualTo("shipping address...");
  }

  // ---------------------------------------------------------------- helpers

  private DecryptResponse decrypt(SdkBytes ciphertext, Map<String, String> context) {
    return setup.kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(context));
  }

  private static byte[] bytes(JsonNode base64Member) {
    assertThat(base64Member).as("base64 member").isNotNull();
    return Base64.getDecoder().decode(base64Member.asText());
  }

  private static SdkBytes blob(JsonNode base64Member) {
    return SdkBytes.fromByteArray(bytes(base64Member));
  }

  private static RSAPublicKey rsaPublicKey(byte[] der) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (Exception e) {
      throw new AssertionError("PublicKey is no X.509 RSA public key", e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
