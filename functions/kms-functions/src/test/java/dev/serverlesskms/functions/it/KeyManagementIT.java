package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey through the AWS SDK
 * for Java v2.
 */
class KeyManagementIT {
  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient kms;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    kms = server.client();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @Test
  // AWS still returns the deprecated CustomerMasterKeySpec beside KeySpec; so must this KMS.
  @SuppressWarnings("deprecation")
  void createKey_returnsFullKeyMetadata_likeAws() {
    Instant before = Instant.now().minusSeconds(1);
    CreateKeyResponse created =
        kms.createKey(
            r ->
                r.description("orders")
                    .tags(Tag.builder().tagKey("team").tagValue("payments").build()));

    KeyMetadata m = created.keyMetadata();
    assertThat(m.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(m.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + m.keyId());
    assertThat(m.awsAccountId()).isEqualTo("000000000000");
    assertThat(m.creationDate()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    assertThat(m.enabled()).isTrue();
    assertThat(m.description()).isEqualTo("orders");
    assertThat(m.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
    assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(m.origin()).isEqualTo(OriginType.AWS_KMS);
    assertThat(m.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
    assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(m.customerMasterKeySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(m.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    assertThat(m.multiRegion()).isFalse();
    assertThat(m.deletionDate()).isNull();
    assertThat(kms.listResourceTags(r -> r.keyId(m.keyId())).tags())
        .containsExactly(Tag.builder().tagKey("team").tagValue("payments").build());
  }

  @Test
  void describeKey_acceptsKeyIdKeyArnAliasNameAndAliasArn() {
    KeyMetadata m = kms.createKey(r -> r.description("describe me")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/describe-me").targetKeyId(m.keyId()));

    for (String id :
        new String[] {
          m.keyId(),
          m.arn(),
          "alias/describe-me",
          "arn:aws:kms:us-east-1:000000000000:alias/describe-me"
        }) {
      assertThat(kms.describeKey(r -> r.keyId(id)).keyMetadata()).as(id).isEqualTo(m);
    }
  }

  @Test
  void describeKey_ofUnknownOrMalformedKeys_isNotFound() {
    String unknown = "11111111-2222-3333-4444-555555555555";
    assertThat(
            expectError("NotFoundException", () -> kms.describeKey(r -> r.keyId(unknown)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Key 'arn:aws:kms:us-east-1:000000000000:key/" + unknown + "' does not exist");
    assertThat(
            expectError("NotFoundException", () -> kms.describeKey(r -> r.keyId("fake-key-id")))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Invalid keyId 'fake-key-id'");
    assertThat(
            expectError("NotFoundException", () -> kms.describeKey(r -> r.keyId("alias/nope")))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Alias arn:aws:kms:us-east-1:000000000000:alias/nope is not found.");
    assertThat(
            expectError(
                    "NotFoundException",
                    () ->
                        kms.describeKey(
                            r -> r.keyId("arn:aws:kms:eu-west-1:000000000000:key/" + unknown)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Invalid arn eu-west-1");
    expectError("ValidationException", () -> kms.describeKey(r -> r.keyId(null)));
  }

  @Test
  void listKeys_pagesThroughEveryKeyExactlyOnce() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(kms.createKey(r -> r.description("page")).keyMetadata().keyId());
    }
    Set<String> listed = new HashSet<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListKeysResponse page = kms.listKeys(r -> r.limit(3).marker(m));
      assertThat(page.keys()).hasSizeLessThanOrEqualTo(3);
      page.keys()
          .forEach(
              k -> {
                assertThat(k.keyArn())
                    .isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + k.keyId());
                assertThat(listed.add(k.keyId())).as("listed twice: %s", k.keyId()).isTrue();
              });
      marker = page.truncated() ? page.nextMarker() : null;
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      pages++;
    } while (marker != null);
    assertThat(listed).containsAll(created);
    assertThat(pages).isGreaterThanOrEqualTo(3);

    expectError("ValidationException", () -> kms.listKeys(r -> r.limit(0)));
    expectError("ValidationException", () -> kms.listKeys(r -> r.limit(1001)));
    expectError("InvalidMarkerException", () -> kms.listKeys(r -> r.marker("not-a-marker")));
  }

  @Test
  void updateKeyDescription_changesIt_andRejectsAliases() {
    KeyMetadata m = kms.createKey(r -> r.description("before")).keyMetadata();
    kms.updateKeyDescription(r -> r.keyId(m.arn()).description("after"));
    assertThat(kms.describeKey(r -> r.keyId(m.keyId())).keyMetadata().description())
        .isEqualTo("after");

    kms.createAlias(r -> r.aliasName("alias/describe-update").targetKeyId(m.keyId()));
    expectError(
        "NotFoundException",
        () -> kms.updateKeyDescription(r -> r.keyId("alias/describe-update").description("x")));
    expectError("ValidationException", () -> kms.updateKeyDescription(r -> r.keyId(m.keyId())));
    expectError(
        "ValidationException",
        () -> kms.updateKeyDescription(r -> r.keyId(m.keyId()).description("x".repeat(8193))));
  }

  @Test
  void disableKey_blocksCryptography_withDisabledException_andEnableKeyRestoresIt() {
    KeyMetadata m = kms.createKey(r -> r.description("toggle")).keyMetadata();
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(m.keyId()).plaintext(SdkBytes.fromUtf8String("secret")))
            .ciphertextBlob();

    kms.disableKey(r -> r.keyId(m.keyId()));
    KeyMetadata disabled = kms.describeKey(r -> r.keyId(m.keyId())).keyMetadata();
    assertThat(disabled.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(disabled.enabled()).isFalse();
    String message = m.arn() + " is disabled.";
    assertThat(
            expectError(
                    "DisabledException",
                    () ->
                        kms.encrypt(
                            r -> r.keyId(m.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(message);
    expectError("DisabledException", () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
    expectError(
        "DisabledException", () -> kms.generateDataKey(r -> r.keyId(m.keyId()).numberOfBytes(32)));
    expectError(
        "DisabledException",
        () -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(m.keyId()).numberOfBytes(32)));
    expectError(
        "DisabledException",
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(m.keyId())));

    kms.enableKey(r -> r.keyId(m.keyId()));
    assertThat(kms.describeKey(r -> r.keyId(m.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
        .isEqualTo("secret");
  }

  @Test
  void enableAndDisable_ofUnknownKeys_areNotFound() {
    expectError(
        "NotFoundException",
        () -> kms.enableKey(r -> r.keyId("11111111-2222-3333-4444-555555555555")));
    expectError("NotFoundException", () -> kms.disableKey(r -> r.keyId("nope")));
  }

  @Test
  void createKey_refusesWhatThisKmsDoesNotOffer_withAwsErrors() {
    // SM2 is AWS's China Regions spec; every other spec is offered (AsymmetricKeysIT).
    assertThat(
            expectError(
                    "UnsupportedOperationException",
                    () ->
                        kms.createKey(
                            r -> r.keySpec(KeySpec.SM2).keyUsage(KeyUsageType.SIGN_VERIFY)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("KeySpec SM2 is not supported in this Region");
    expectError(
        "ValidationException", () -> kms.createKey(r -> r.keyUsage(KeyUsageType.SIGN_VERIFY)));
    expectError(
        "UnsupportedOperationException",
        () -> kms.createKey(r -> r.multiRegion(true).customKeyStoreId("cks-1234567890abcdef0")));
    expectError(
        "TagException",
        () ->
            kms.createKey(r -> r.tags(Tag.builder().tagKey("aws:reserved").tagValue("x").build())));
    expectError(
        "TagException",
        () ->
            kms.createKey(
                r ->
                    r.tags(
                        Tag.builder().tagKey("a").tagValue("1").build(),
                        Tag.builder().tagKey("a").tagValue("2").build())));
    expectError("ValidationException", () -> kms.createKey(r -> r.description("d".repeat(8193))));
  }

  @Test
  void createKey_withExternalOrigin_waitsForImport() {
    KeyMetadata m = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata();
    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(m.enabled()).isFalse();
    assertThat(m.origin()).isEqualTo(OriginType.EXTERNAL);
    assertThat(
            expectError(
                    "KMSInvalidStateException",
                    () ->
                        kms.encrypt(
                            r -> r.keyId(m.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(m.arn() + " is pending import.");
  }
}
