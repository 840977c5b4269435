package dev.serverlesskms.functions.it;

import static dev.serverlesskms.functions.it.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom through the AWS
 * SDK for Java v2.
 */
class CryptoIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "test");

  @TempDir static Path dataDir;
  static LocalKmsServer server;
  static KmsClient kms;
  static KeyMetadata key;
  static KeyMetadata otherKey;

  @BeforeAll
  static void start() {
    server = LocalKmsServer.start(dataDir);
    kms = server.client();
    key = kms.createKey(r -> r.description("crypto")).keyMetadata();
    otherKey = kms.createKey(r -> r.description("other")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/crypto").targetKeyId(key.keyId()));
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 17, 4096})
  void encryptThenDecrypt_withoutKeyId_returnsThePlaintext(int size) {
    byte[] plaintext = random(size);
    EncryptResponse encrypted =
        kms.encrypt(
            r ->
                r.keyId("alias/crypto")
                    .plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(CONTEXT));
    assertThat(encrypted.keyId()).isEqualTo(key.arn());
    assertThat(encrypted.encryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    assertThat(encrypted.ciphertextBlob().asByteArray().length).isLessThanOrEqualTo(6144);

    DecryptResponse decrypted =
        kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(CONTEXT));
    assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
    assertThat(decrypted.keyId()).isEqualTo(key.arn());
    assertThat(decrypted.encryptionAlgorithm())
        .isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
  }

  @Test
  void encrypt_twice_givesDifferentCiphertexts() {
    SdkBytes a = encrypt("same");
    SdkBytes b = encrypt("same");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void encrypt_outsideOneTo4096Bytes_isValidationException() {
    assertThat(
            expectError(
                    "ValidationException",
                    () ->
                        kms.encrypt(
                            r ->
                                r.keyId(key.keyId())
                                    .plaintext(SdkBytes.fromByteArray(new byte[4097]))))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                + " Member must have length less than or equal to 4096");
    expectError(
        "ValidationException",
        () ->
            kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[0]))));
    expectError("ValidationException", () -> kms.encrypt(r -> r.keyId(key.keyId())));
    expectError(
        "NotFoundException",
        () -> kms.encrypt(r -> r.keyId("alias/missing").plaintext(SdkBytes.fromUtf8String("x"))));
  }

  @Test
  void decrypt_withAnotherKeyId_isIncorrectKeyException() {
    SdkBytes blob = encrypt("hello");
    assertThat(
            expectError(
                    "IncorrectKeyException",
                    () -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(otherKey.keyId())))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "The key ID in the request does not identify a CMK that can perform this operation.");
    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).keyId(key.arn())).plaintext().asUtf8String())
        .isEqualTo("hello");
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(blob).keyId("alias/crypto"))
                .plaintext()
                .asUtf8String())
        .isEqualTo("hello");
  }

  @Test
  void decrypt_withAnotherOrMissingEncryptionContext_isInvalidCiphertextException() {
    SdkBytes blob =
        kms.encrypt(
                r ->
                    r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromUtf8String("ctx"))
                        .encryptionContext(CONTEXT))
            .ciphertextBlob();
    expectError("InvalidCiphertextException", () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
    expectError(
        "InvalidCiphertextException",
        () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "acme"))));
    expectError(
        "InvalidCiphertextException",
        () ->
            kms.decrypt(
                r ->
                    r.ciphertextBlob(blob)
                        .encryptionContext(Map.of("tenant", "ACME", "purpose", "test"))));
  }

  @Test
  void decrypt_ofTamperedCiphertext_atEveryBytePosition_isInvalidCiphertextException() {
    byte[] blob = encrypt("tamper me").asByteArray();
    for (int i = 0; i < blob.length; i++) {
      byte[] tampered = blob.clone();
      tampered[i] ^= 0x01;
      expectError(
          "InvalidCiphertextException",
          "with byte " + i + " changed",
          () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))));
    }
    for (int length : new int[] {1, 24, 25, 56, blob.length - 1}) {
      byte[] truncated = Arrays.copyOf(blob, length);
      expectError(
          "InvalidCiphertextException",
          () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(truncated))));
    }
    byte[] extended = Arrays.copyOf(blob, blob.length + 1);
    expectError(
        "InvalidCiphertextException",
        () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(extended))));
  }

  @Test
  void decrypt_ofWellFormedCiphertextForAKeyThatDoesNotExist_isAccessDenied() {
    CiphertextBlob parsed = CiphertextBlobCodec.parse(encrypt("orphan").asByteArray());
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KeyId.random(), 1));
    byte[] orphan = CiphertextBlobCodec.encode(header, parsed.sealed());
    expectError(
        "AccessDeniedException",
        () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(orphan))));
  }

  @Test
  void reEncrypt_movesCiphertextToTheDestinationKey() {
    SdkBytes blob =
        kms.encrypt(
                r ->
                    r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromUtf8String("move"))
                        .encryptionContext(CONTEXT))
            .ciphertextBlob();
    ReEncryptResponse moved =
        kms.reEncrypt(
            r ->
                r.ciphertextBlob(blob)
                    .sourceEncryptionContext(CONTEXT)
                    .destinationKeyId(otherKey.arn())
                    .destinationEncryptionContext(Map.of("stage", "2")));
    assertThat(moved.sourceKeyId()).isEqualTo(key.arn());
    assertThat(moved.keyId()).isEqualTo(otherKey.arn());
    assertThat(
            kms.decrypt(
                    r ->
                        r.ciphertextBlob(moved.ciphertextBlob())
                            .encryptionContext(Map.of("stage", "2")))
                .plaintext()
                .asUtf8String())
        .isEqualTo("move");
    expectError(
        "InvalidCiphertextException",
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(otherKey.keyId())));
    expectError(
        "IncorrectKeyException",
        () ->
            kms.reEncrypt(
                r ->
                    r.ciphertextBlob(blob)
                        .sourceEncryptionContext(CONTEXT)
                        .sourceKeyId(otherKey.keyId())
                        .destinationKeyId(otherKey.keyId())));
    expectError(
        "ValidationException",
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceEncryptionContext(CONTEXT)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 32, 64, 1024})
  void generateDataKey_withNumberOfBytes_returnsExactlyThatManyBytes_andItsCiphertextDecryptsToIt(
      int bytes) {
    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(
            r -> r.keyId(key.keyId()).numberOfBytes(bytes).encryptionContext(CONTEXT));
    assertThat(dataKey.plaintext().asByteArray()).hasSize(bytes);
    assertThat(dataKey.keyId()).isEqualTo(key.arn());
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT))
                .plaintext())
        .isEqualTo(dataKey.plaintext());
  }

  @Test
  void generateDataKey_withKeySpec_givesAes128Or256() {
    assertThat(
            kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_128))
                .plaintext()
                .asByteArray())
        .hasSize(16);
    assertThat(
            kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256))
                .plaintext()
                .asByteArray())
        .hasSize(32);
  }

  @Test
  void generateDataKey_needsExactlyOneOfKeySpecAndNumberOfBytes() {
    expectError("ValidationException", () -> kms.generateDataKey(r -> r.keyId(key.keyId())));
    expectError(
        "ValidationException",
        () ->
            kms.generateDataKey(
                r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).numberOfBytes(32)));
    expectError(
        "ValidationException",
        () -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(0)));
    expectError(
        "ValidationException",
        () -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(1025)));
    expectError(
        "ValidationException",
        () -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())));
  }

  @Test
  void generateDataKeyWithoutPlaintext_returnsOnlyACiphertextThatDecrypts() {
    var response =
        kms.generateDataKeyWithoutPlaintext(
            r -> r.keyId("alias/crypto").keySpec(DataKeySpec.AES_256));
    assertThat(response.keyId()).isEqualTo(key.arn());
    assertThat(
            kms.decrypt(r -> r.ciphertextBlob(response.ciphertextBlob())).plaintext().asByteArray())
        .hasSize(32);
  }

  @Test
  void generateRandom_returns1To1024RandomBytes() {
    assertThat(kms.generateRandom(r -> r.numberOfBytes(1)).plaintext().asByteArray()).hasSize(1);
    byte[] a = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();
    byte[] b = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();
    assertThat(a).hasSize(1024).isNotEqualTo(b);
    assertThat(
            expectError("ValidationException", () -> kms.generateRandom(r -> r.numberOfBytes(0)))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo(
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1");
    expectError("ValidationException", () -> kms.generateRandom(r -> r.numberOfBytes(1025)));
    assertThat(
            expectError("ValidationException", () -> kms.generateRandom(r -> {}))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("NumberOfBytes is required.");
  }

  @Test
  void dryRun_checksEverythingButReturnsDryRunOperationException() {
    expectError(
        "DryRunOperationException",
        () ->
            kms.encrypt(
                r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x")).dryRun(true)));
    expectError(
        "DryRunOperationException",
        () -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(8).dryRun(true)));
  }

  private static SdkBytes encrypt(String text) {
    return kms.encrypt(
            r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromString(text, StandardCharsets.UTF_8)))
        .ciphertextBlob();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
