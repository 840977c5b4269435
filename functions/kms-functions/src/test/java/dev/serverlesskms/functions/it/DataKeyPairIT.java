package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.testkit.KeyPairHalves;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext through the AWS SDK for Java v2
 * against the packaged server, for every pair spec this KMS offers: the halves match (checked with
 * the JDK, and by OpenSSL deriving the public key from the private one), and the private key's
 * ciphertext decrypts with Decrypt, under the encryption context, to the same private key.
 */
class DataKeyPairIT {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme");

  @TempDir static Path dataDir;
  @TempDir static Path work;
  static LocalKmsServer server;
  static KmsClient kms;
  static KeyMetadata key;
  static OpensslCli openssl;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    // RSA_4096 key generation is slow (AWS allows 0.1 such calls a second); on a busy CI machine,
    // with the C1-only JIT the server runs with, it was measured at 5 to 50 s, past the client's
    // default 30 s read timeout.
    kms =
        KmsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LocalKmsServer.ACCESS_KEY_ID, LocalKmsServer.SECRET_ACCESS_KEY)))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(3)).build())
            .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
            .build();
    key = kms.createKey(r -> r.description("data key pairs")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/pairs").targetKeyId(key.keyId()));
    openssl = new OpensslCli(work);
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  private static dev.serverlesskms.core.model.DataKeyPairSpec ours(DataKeyPairSpec spec) {
    return dev.serverlesskms.core.model.DataKeyPairSpec.valueOf(spec.toString());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataKeyPairSpec.class,
      names = {"SM2", "UNKNOWN_TO_SDK_VERSION"},
      mode = EnumSource.Mode.EXCLUDE)
  void generateDataKeyPair_halvesMatch_andThePrivateKeyCiphertextDecryptsToThePrivateKey(
      DataKeyPairSpec spec) throws Exception {
    GenerateDataKeyPairResponse pair =
        kms.generateDataKeyPair(
            r -> r.keyId("alias/pairs").keyPairSpec(spec).encryptionContext(CONTEXT));

    byte[] privateKey = pair.privateKeyPlaintext().asByteArray();
    byte[] publicKey = pair.publicKey().asByteArray();
    KeyPairHalves.assertMatch(ours(spec), privateKey, publicKey);
    assertThat(openssl.publicKeyOf(privateKey))
        .as("the public key OpenSSL derives from the private key")
        .isEqualTo(publicKey);
    assertThat(pair.keyId()).isEqualTo(key.arn());
    assertThat(pair.keyPairSpec()).isEqualTo(spec);
    assertThat(pair.keyMaterialId()).isEqualTo(describe().currentKeyMaterialId());
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(pair.privateKeyCiphertextBlob())
                            .encryptionContext(CONTEXT))
                .plaintext()
                .asByteArray())
        .isEqualTo(privateKey);
    expectError(
        "InvalidCiphertextException",
        () -> kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob())));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataKeyPairSpec.class,
      names = {"SM2", "UNKNOWN_TO_SDK_VERSION"},
      mode = EnumSource.Mode.EXCLUDE)
  void withoutPlaintext_thePrivateKeyCiphertextDecryptsToThePrivateHalf(DataKeyPairSpec spec)
      throws Exception {
    GenerateDataKeyPairWithoutPlaintextResponse pair =
        kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(key.keyId()).keyPairSpec(spec));

    byte[] privateKey =
        kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()))
            .plaintext()
            .asByteArray();
    KeyPairHalves.assertMatch(ours(spec), privateKey, pair.publicKey().asByteArray());
    assertThat(openssl.publicKeyOf(privateKey)).isEqualTo(pair.publicKey().asByteArray());
    assertThat(pair.keyId()).isEqualTo(key.arn());
    assertThat(pair.keyPairSpec()).isEqualTo(spec);
  }

  @Test
  void sm2_isUnsupportedOperation_andAnAsymmetricKey_isInvalidKeyUsage() {
    assertThat(
            expectError(
                    "UnsupportedOperationException",
                    () ->
                        kms.generateDataKeyPair(
                            r -> r.keyId(key.keyId()).keyPairSpec(DataKeyPairSpec.SM2)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("KeyPairSpec SM2 is not supported in this Region");
    KeyMetadata hmac =
        kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
            .keyMetadata();
    assertThat(
            expectError(
                    "InvalidKeyUsageException",
                    () ->
                        kms.generateDataKeyPairWithoutPlaintext(
                            r -> r.keyId(hmac.keyId()).keyPairSpec(DataKeyPairSpec.RSA_2048)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            hmac.arn()
                + " key usage is GENERATE_VERIFY_MAC which is not valid for"
                + " GenerateDataKeyPairWithoutPlaintext.");
  }

  @Test
  void dryRun_isDryRunOperation() {
    assertThat(
            expectError(
                    "DryRunOperationException",
                    () ->
                        kms.generateDataKeyPair(
                            r ->
                                r.keyId(key.keyId())
                                    .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)
                                    .dryRun(true)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("The request would have succeeded, but the DryRun option is set.");
  }

  @Test
  void aRecipientAttestationDocument_isRefused_neverAnsweredInTheClear() {
    KmsException error =
        expectError(
            "ValidationException",
            () ->
                kms.generateDataKeyPair(
                    r ->
                        r.keyId(key.keyId())
                            .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)
                            .recipient(
                                RecipientInfo.builder()
                                    .keyEncryptionAlgorithm(
                                        KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                                    .attestationDocument(SdkBytes.fromUtf8String("not signed"))
                                    .build())));
    assertThat(error.awsErrorDetails().errorMessage()).contains("attestation");
  }

  private static KeyMetadata describe() {
    return kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
  }
}
