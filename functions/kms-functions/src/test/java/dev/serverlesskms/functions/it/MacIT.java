package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * GenerateMac and VerifyMac through the AWS SDK for Java v2 against the packaged server: every HMAC
 * spec with its algorithm, AWS's errors as the SDK parses them, and, on imported key material, MACs
 * equal to HMAC (RFC 2104) computed here twice: with javax.crypto.Mac, and from the RFC's formula
 * over MessageDigest.
 */
class MacIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final SdkBytes MESSAGE =
      SdkBytes.fromString("POST /webhook {\"id\":42}", StandardCharsets.UTF_8);

  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient kms;

  @BeforeAll
  static void start() {
    // Eight imports in a row (one per HMAC spec and length bound) would meet AWS's quota of 0.25
    // GetParametersForImport per second, and the test client does not retry; the quota itself is
    // RequestQuotasTest's and WireDispatcherTest's.
    server =
        LocalKmsServer.start(
            dataDir, Map.of("kms.quotas.get-parameters-for-import-per-second", "0"));
    kms = server.client();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  /** Each HMAC spec, its algorithm, the JCA name, the digest's name and block size, MAC bytes. */
  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of(KeySpec.HMAC_224, MacAlgorithmSpec.HMAC_SHA_224, "HmacSHA224", "SHA-224", 64),
        Arguments.of(KeySpec.HMAC_256, MacAlgorithmSpec.HMAC_SHA_256, "HmacSHA256", "SHA-256", 64),
        Arguments.of(KeySpec.HMAC_384, MacAlgorithmSpec.HMAC_SHA_384, "HmacSHA384", "SHA-384", 128),
        Arguments.of(
            KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512, "HmacSHA512", "SHA-512", 128));
  }

  private static KeyMetadata hmacKey(KeySpec spec, OriginType origin) {
    return kms.createKey(
            r -> r.keySpec(spec).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC).origin(origin))
        .keyMetadata();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everySpec_macsThatVerify_andMacsThatDoNot(
      KeySpec spec, MacAlgorithmSpec algorithm, String jca, String digest, int block) {
    KeyMetadata key = hmacKey(spec, null);
    assertThat(key.macAlgorithms()).containsExactly(algorithm);

    GenerateMacResponse generated =
        kms.generateMac(r -> r.keyId(key.keyId()).message(MESSAGE).macAlgorithm(algorithm));
    VerifyMacResponse verified =
        kms.verifyMac(
            r -> r.keyId(key.arn()).message(MESSAGE).macAlgorithm(algorithm).mac(generated.mac()));

    assertThat(generated.keyId()).isEqualTo(key.arn());
    assertThat(generated.macAlgorithm()).isEqualTo(algorithm);
    assertThat(generated.mac().asByteArray()).hasSize(digestBytes(digest));
    assertThat(verified.macValid()).isTrue();
    assertThat(verified.keyId()).isEqualTo(key.arn());
    assertThat(verified.macAlgorithm()).isEqualTo(algorithm);

    byte[] altered = generated.mac().asByteArray();
    altered[0] ^= 0x40;
    assertThat(
            expectError(
                    "KMSInvalidMacException",
                    () ->
                        kms.verifyMac(
                            r ->
                                r.keyId(key.keyId())
                                    .message(MESSAGE)
                                    .macAlgorithm(algorithm)
                                    .mac(SdkBytes.fromByteArray(altered))))
                .awsErrorDetails()
                .errorMessage())
        .isNullOrEmpty();
  }

  @Test
  void anAlgorithmOfAnotherSpec_andANonHmacKey_areInvalidKeyUsage_withAwsTexts() {
    KeyMetadata hmac = hmacKey(KeySpec.HMAC_224, null);
    KeyMetadata symmetric = kms.createKey(r -> r.description("not hmac")).keyMetadata();

    assertThat(
            expectError(
                    "InvalidKeyUsageException",
                    () ->
                        kms.generateMac(
                            r ->
                                r.keyId(hmac.keyId())
                                    .message(MESSAGE)
                                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.");
    assertThat(
            expectError(
                    "InvalidKeyUsageException",
                    () ->
                        kms.generateMac(
                            r ->
                                r.keyId(symmetric.keyId())
                                    .message(MESSAGE)
                                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            symmetric.arn() + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.");
  }

  @Test
  void limits_areValidationExceptions() {
    KeyMetadata key = hmacKey(KeySpec.HMAC_256, null);

    expectError(
        "ValidationException",
        () ->
            kms.generateMac(
                r ->
                    r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(new byte[4097]))
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)));
    expectError(
        "ValidationException",
        () ->
            kms.verifyMac(
                r ->
                    r.keyId(key.keyId())
                        .message(MESSAGE)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .mac(SdkBytes.fromByteArray(new byte[6145]))));
    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        kms.generateMac(
                            r -> r.keyId(key.keyId()).message(MESSAGE).macAlgorithm("HMAC_SHA_1")))
                .awsErrorDetails()
                .errorMessage())
        .contains("macAlgorithm");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void onImportedKeyMaterial_theMacIsRfc2104Hmac_computedIndependently(
      KeySpec spec, MacAlgorithmSpec algorithm, String jca, String digest, int block)
      throws Exception {
    // AWS takes HMAC key material of the digest length up to the block size; test both ends.
    for (int length : new int[] {digestBytes(digest), block}) {
      KeyMetadata key = hmacKey(spec, OriginType.EXTERNAL);
      byte[] material = new byte[length];
      RANDOM.nextBytes(material);
      importMaterial(key, material);
      byte[] message = new byte[1 + RANDOM.nextInt(4096)];
      RANDOM.nextBytes(message);

      byte[] mac =
          kms.generateMac(
                  r ->
                      r.keyId(key.keyId())
                          .message(SdkBytes.fromByteArray(message))
                          .macAlgorithm(algorithm))
              .mac()
              .asByteArray();

      Mac jdk = Mac.getInstance(jca);
      jdk.init(new SecretKeySpec(material, jca));
      assertThat(mac).as("javax.crypto.Mac, %s-byte key", length).isEqualTo(jdk.doFinal(message));
      assertThat(mac)
          .as("RFC 2104 over MessageDigest, %s-byte key", length)
          .isEqualTo(rfc2104(digest, block, material, message));
    }
  }

  private static void importMaterial(KeyMetadata key, byte[] material) {
    GetParametersForImportResponse parameters =
        kms.getParametersForImport(
            r ->
                r.keyId(key.keyId())
                    .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                    .wrappingKeySpec(WrappingKeySpec.RSA_2048));
    byte[] wrapped =
        CustomerKeyWrapping.wrap(
            WrappingAlgorithm.RSAES_OAEP_SHA_256, parameters.publicKey().asByteArray(), material);
    kms.importKeyMaterial(
        r ->
            r.keyId(key.keyId())
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
  }

  /** HMAC as RFC 2104 defines it: H((K' ^ opad) || H((K' ^ ipad) || m)). */
  private static byte[] rfc2104(String digest, int block, byte[] key, byte[] message)
      throws Exception {
    MessageDigest hash = MessageDigest.getInstance(digest);
    byte[] padded = Arrays.copyOf(key.length > block ? hash.digest(key) : key, block);
    byte[] inner = new byte[block];
    byte[] outer = new byte[block];
    for (int i = 0; i < block; i++) {
      inner[i] = (byte) (padded[i] ^ 0x36);
      outer[i] = (byte) (padded[i] ^ 0x5c);
    }
    hash.update(inner);
    hash.update(message);
    byte[] innerHash = hash.digest();
    hash.update(outer);
    hash.update(innerHash);
    return hash.digest();
  }

  private static int digestBytes(String digest) {
    return Integer.parseInt(digest.substring(4)) / 8;
  }
}
