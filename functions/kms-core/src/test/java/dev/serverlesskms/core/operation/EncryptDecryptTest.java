package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.CONTEXT;
import static dev.serverlesskms.core.operation.KmsFixture.aliasArn;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static dev.serverlesskms.core.operation.Requests.decrypt;
import static dev.serverlesskms.core.operation.Requests.encrypt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DecryptRequest;
import dev.serverlesskms.core.api.DecryptResponse;
import dev.serverlesskms.core.api.EncryptRequest;
import dev.serverlesskms.core.api.EncryptResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.EncryptionAlgorithm;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.testkit.CustomerKeyWrapping;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encrypt and Decrypt: round trips, the 1..4096 plaintext and 6144 ciphertext limits, encryption
 * context binding, the errors of a ciphertext that is damaged, of another key or of no key here,
 * algorithms, DryRun, and audit records without plaintext. (Their key-state rows: {@link
 * CryptoKeyStateTest}.)
 */
class EncryptDecryptTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private String keyId;
  private String otherKeyId;

  @BeforeEach
  void keys() {
    keyId = f.createKey();
    otherKeyId = f.createKey();
    f.createAlias("alias/crypto", keyId);
  }

  // ------------------------------------------------------------------ Encrypt

  @ParameterizedTest
  @ValueSource(ints = {4, 17, 4096})
  void encryptThenDecrypt_withoutKeyId_returnsThePlaintext(int size) {
    byte[] plaintext = CustomerKeyWrapping.randomMaterial(size);

    EncryptResponse encrypted = f.call(kms.encrypt, encrypt("alias/crypto", plaintext, CONTEXT));
    DecryptResponse decrypted = f.call(kms.decrypt, decrypt(encrypted.ciphertextBlob(), CONTEXT));

    assertThat(encrypted.keyId()).isEqualTo(arn(keyId));
    assertThat(encrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    assertThat(encrypted.ciphertextBlob().length).isGreaterThan(size).isLessThanOrEqualTo(6144);
    assertThat(decrypted.plaintext()).isEqualTo(plaintext);
    assertThat(decrypted.keyId()).isEqualTo(arn(keyId));
    assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
    assertThat(decrypted.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
  }

  @Test
  void encryptThenDecrypt_ofOneByte_returnsIt() {
    byte[] blob = f.encrypt(keyId, "x");

    assertThat(f.decrypt(blob)).isEqualTo("x");
  }

  @Test
  void encrypt_takesKeyIdKeyArnAliasNameAndAliasArn() {
    for (String id : List.of(keyId, arn(keyId), "alias/crypto", aliasArn("alias/crypto"))) {
      EncryptResponse encrypted = f.call(kms.encrypt, encrypt(id, utf8("x")));
      assertThat(encrypted.keyId()).as(id).isEqualTo(arn(keyId));
    }
  }

  @Test
  void encrypt_twice_givesDifferentCiphertexts() {
    assertThat(f.encrypt(keyId, "same")).isNotEqualTo(f.encrypt(keyId, "same"));
  }

  @Test
  void encrypt_plaintext_isRequired_1To4096Bytes() {
    assertThat(f.error(KmsErrorType.VALIDATION, kms.encrypt, encrypt(keyId, new byte[4097])))
        .hasMessage(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                + " Member must have length less than or equal to 4096");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.encrypt, encrypt(keyId, new byte[0])))
        .hasMessage(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
    assertThat(f.error(KmsErrorType.VALIDATION, kms.encrypt, encrypt(keyId, null)))
        .hasMessage(
            "1 validation error detected: Value null at 'plaintext' failed to satisfy constraint:"
                + " Member must not be null");
    f.error(KmsErrorType.VALIDATION, kms.encrypt, encrypt(null, utf8("x")));
  }

  @Test
  void encrypt_underAMissingAliasOrKey_isNotFound() {
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.encrypt, encrypt("alias/missing", utf8("x"))))
        .hasMessage("Alias " + aliasArn("alias/missing") + " is not found.");
    f.error(
        KmsErrorType.NOT_FOUND,
        kms.encrypt,
        encrypt("11111111-2222-3333-4444-555555555555", utf8("x")));
  }

  @ParameterizedTest
  @EnumSource(
      value = EncryptionAlgorithm.class,
      names = "SYMMETRIC_DEFAULT",
      mode = EnumSource.Mode.EXCLUDE)
  void encryptAndDecrypt_withAnAsymmetricAlgorithm_areInvalidKeyUsage(
      EncryptionAlgorithm algorithm) {
    byte[] blob = f.encrypt(keyId, "x");
    String message = "Algorithm " + algorithm + " is incompatible with key spec SYMMETRIC_DEFAULT.";

    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.encrypt,
                new EncryptRequest(keyId, utf8("x"), null, null, algorithm, null)))
        .hasMessage(message);
    assertThat(
            f.error(
                KmsErrorType.INVALID_KEY_USAGE,
                kms.decrypt,
                new DecryptRequest(blob, null, null, null, algorithm, null)))
        .hasMessage(message);
  }

  @Test
  void encryptAndDecrypt_acceptSymmetricDefaultNamedExplicitly() {
    EncryptionAlgorithm algorithm = EncryptionAlgorithm.SYMMETRIC_DEFAULT;
    byte[] blob =
        f.call(kms.encrypt, new EncryptRequest(keyId, utf8("named"), null, null, algorithm, false))
            .ciphertextBlob();

    assertThat(
            f.call(kms.decrypt, new DecryptRequest(blob, null, null, null, algorithm, false))
                .plaintext())
        .isEqualTo(utf8("named"));
  }

  @Test
  void encrypt_dryRun_checksEverything_thenAnswersDryRunOperation() {
    assertThat(
            f.error(
                KmsErrorType.DRY_RUN,
                kms.encrypt,
                new EncryptRequest(keyId, utf8("x"), null, null, null, true)))
        .hasMessage("The request would have succeeded, but the DryRun option is set.");
    f.disable(otherKeyId);
    f.error(
        KmsErrorType.DISABLED,
        kms.encrypt,
        new EncryptRequest(otherKeyId, utf8("x"), null, null, null, true));
  }

  @Test
  void encrypt_grantTokens_atMost10() {
    f.call(
        kms.encrypt,
        new EncryptRequest(keyId, utf8("x"), null, Collections.nCopies(10, "t"), null, null));

    f.error(
        KmsErrorType.VALIDATION,
        kms.encrypt,
        new EncryptRequest(keyId, utf8("x"), null, Collections.nCopies(11, "t"), null, null));
  }

  @Test
  void encryptionContext_withANullValue_orTextThatIsNotUnicode_isValidationException() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);

    assertThat(f.error(KmsErrorType.VALIDATION, kms.encrypt, encrypt(keyId, utf8("x"), nullValue)))
        .hasMessage(
            "1 validation error detected: Value null at 'encryptionContext' failed to satisfy"
                + " constraint: Member must not be null");
    f.error(
        KmsErrorType.VALIDATION,
        kms.encrypt,
        encrypt(keyId, utf8("x"), Map.of("k", "unpaired \uD800 surrogate")));
    f.error(
        KmsErrorType.VALIDATION,
        kms.decrypt,
        decrypt(f.encrypt(keyId, "x"), Map.of("unpaired \uDC00", "v")));
  }

  @Test
  void encrypt_isAuditedAsReadOnly_withTheContextButNeverThePlaintext() {
    byte[] plaintext = CustomerKeyWrapping.randomMaterial(32);

    f.call(kms.encrypt, encrypt("alias/crypto", plaintext, Map.of("order", "1234")));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("Encrypt");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters())
        .containsEntry("keyId", "alias/crypto")
        .containsEntry("encryptionContext", Map.of("order", "1234"))
        .doesNotContainKey("plaintext");
    assertThat(event.responseElements()).isNull();
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
    assertThat(event.userIdentity().accessKeyId()).isEqualTo("test");
    f.assertNoAuditRecordHolds(plaintext);
  }

  // ------------------------------------------------------------------ Decrypt

  @Test
  void decrypt_withTheKeyAsKeyId_byIdArnOrAlias_works_andWithAnotherKey_isIncorrectKey() {
    byte[] blob = f.encrypt(keyId, "hello");

    for (String id : List.of(keyId, arn(keyId), "alias/crypto", aliasArn("alias/crypto"))) {
      assertThat(f.call(kms.decrypt, decrypt(blob, null, id)).plaintext())
          .as(id)
          .isEqualTo(utf8("hello"));
    }
    assertThat(f.error(KmsErrorType.INCORRECT_KEY, kms.decrypt, decrypt(blob, null, otherKeyId)))
        .hasMessage(
            "The key ID in the request does not identify a CMK that can perform this operation.");
    f.error(KmsErrorType.NOT_FOUND, kms.decrypt, decrypt(blob, null, "alias/missing"));
  }

  @Test
  void decrypt_withAnotherOrMissingEncryptionContext_isInvalidCiphertext_withAnEmptyMessage() {
    byte[] blob = f.encrypt(keyId, utf8("context"), CONTEXT);

    assertThat(f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(blob))).hasMessage("");
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(blob, Map.of("tenant", "acme")));
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(blob, Map.of("tenant", "ACME", "purpose", "test")));
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(blob, Map.of("tenant", "acme", "purpose", "test", "extra", "")));
    assertThat(f.call(kms.decrypt, decrypt(blob, new HashMap<>(CONTEXT))).plaintext())
        .isEqualTo(utf8("context"));
  }

  @Test
  void decrypt_anEmptyContext_isTheSameAsNone() {
    byte[] blob = f.encrypt(keyId, utf8("no context"), Map.of());

    assertThat(f.decrypt(blob)).isEqualTo("no context");
  }

  @Test
  void decrypt_ofATamperedCiphertext_atEveryBytePosition_isInvalidCiphertext() {
    byte[] blob = f.encrypt(keyId, "tamper me");
    for (int i = 0; i < blob.length; i++) {
      byte[] tampered = blob.clone();
      tampered[i] ^= 0x01;
      assertThat(
              f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(tampered)).getMessage())
          .as("byte %d changed", i)
          .isEmpty();
    }
    for (int length : new int[] {1, 24, 25, 56, blob.length - 1}) {
      f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(Arrays.copyOf(blob, length)));
    }
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(Arrays.copyOf(blob, blob.length + 1)));
  }

  @Test
  void decrypt_ciphertextBlob_isRequired_1To6144Bytes() {
    f.error(KmsErrorType.VALIDATION, kms.decrypt, decrypt(null));
    f.error(KmsErrorType.VALIDATION, kms.decrypt, decrypt(new byte[0]));
    assertThat(f.error(KmsErrorType.VALIDATION, kms.decrypt, decrypt(new byte[6145])))
        .hasMessage(
            "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint:"
                + " Member must have length less than or equal to 6144");
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(new byte[6144]));
  }

  @Test
  void decrypt_ofAWellFormedCiphertextForAKeyThatDoesNotExist_isAccessDenied() {
    CiphertextBlob parsed = CiphertextBlobCodec.parse(f.encrypt(keyId, "orphan"));
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KeyId.random(), 1));

    assertThat(
            f.error(
                KmsErrorType.ACCESS_DENIED,
                kms.decrypt,
                decrypt(CiphertextBlobCodec.encode(header, parsed.sealed()))))
        .hasMessage(
            "The ciphertext refers to a customer master key that does not exist, does not exist"
                + " in this region, or you are not allowed to access.");
  }

  @Test
  void decrypt_ofACiphertextNamingAKeyVersionThatDoesNotExist_isInvalidCiphertext() {
    CiphertextBlob parsed = CiphertextBlobCodec.parse(f.encrypt(keyId, "version 2?"));
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(new KeyId(keyId), 2));

    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(CiphertextBlobCodec.encode(header, parsed.sealed())));
  }

  @Test
  void decrypt_ofAnotherKeysPayloadUnderThisKeysHeader_isInvalidCiphertext() {
    CiphertextBlob other = CiphertextBlobCodec.parse(f.encrypt(otherKeyId, "swap"));
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(new KeyId(keyId), 1));

    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        decrypt(CiphertextBlobCodec.encode(header, other.sealed())));
  }

  @Test
  void decrypt_dryRun_checksEverything_thenAnswersDryRunOperation() {
    byte[] blob = f.encrypt(keyId, utf8("dry run"), CONTEXT);

    f.error(
        KmsErrorType.DRY_RUN,
        kms.decrypt,
        new DecryptRequest(blob, CONTEXT, null, null, null, true));
    f.error(
        KmsErrorType.INVALID_CIPHERTEXT,
        kms.decrypt,
        new DecryptRequest(blob, null, null, null, null, true));
  }

  @Test
  void decrypt_grantTokens_atMost10() {
    byte[] blob = f.encrypt(keyId, "x");

    f.error(
        KmsErrorType.VALIDATION,
        kms.decrypt,
        new DecryptRequest(blob, null, Collections.nCopies(11, "t"), null, null, null));
  }

  @Test
  void decrypt_isAuditedAsReadOnly_withTheKeyButNeverThePlaintext_andItsRefusalWithTheError() {
    byte[] plaintext = CustomerKeyWrapping.randomMaterial(32);
    byte[] blob = f.encrypt(keyId, plaintext, CONTEXT);

    f.call(kms.decrypt, decrypt(blob, CONTEXT));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("Decrypt");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.errorCode()).isNull();
    assertThat(event.requestParameters()).containsEntry("encryptionContext", CONTEXT);
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
    f.assertNoAuditRecordHolds(plaintext);

    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(blob));
    assertThat(f.lastAudit().errorCode()).isEqualTo("InvalidCiphertextException");
    assertThat(f.lastAudit().errorMessage()).isEmpty();
    assertThat(f.lastAudit().resources())
        .extracting(AuditEvent.Resource::arn)
        .containsExactly(arn(keyId));
  }
}
