package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.CONTEXT;
import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.Requests.decrypt;
import static dev.serverlesskms.core.operation.Requests.generateDataKey;
import static dev.serverlesskms.core.operation.Requests.generateDataKeyWithoutPlaintext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.GenerateDataKeyRequest;
import dev.serverlesskms.core.api.GenerateDataKeyResponse;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextRequest;
import dev.serverlesskms.core.api.GenerateDataKeyWithoutPlaintextResponse;
import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.model.DataKeySpec;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GenerateDataKey and GenerateDataKeyWithoutPlaintext: exactly one of KeySpec or NumberOfBytes
 * (1..1024), a data key of exactly that length whose ciphertext decrypts to it under the context,
 * DryRun, and no data key in the audit. (Their key-state rows: {@link CryptoKeyStateTest}.)
 */
class GenerateDataKeyTest {
  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;
  private String keyId;

  @BeforeEach
  void key() {
    keyId = f.createKey();
    f.createAlias("alias/data-keys", keyId);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 16, 32, 64, 1024})
  void generateDataKey_withNumberOfBytes_returnsExactlyThatMany_andACiphertextOfThem(int bytes) {
    GenerateDataKeyResponse dataKey =
        f.call(
            kms.generateDataKey,
            new GenerateDataKeyRequest(keyId, CONTEXT, bytes, null, null, null));

    assertThat(dataKey.plaintext()).hasSize(bytes);
    assertThat(dataKey.keyId()).isEqualTo(arn(keyId));
    assertThat(dataKey.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
    assertThat(f.call(kms.decrypt, decrypt(dataKey.ciphertextBlob(), CONTEXT)).plaintext())
        .isEqualTo(dataKey.plaintext());
    f.error(KmsErrorType.INVALID_CIPHERTEXT, kms.decrypt, decrypt(dataKey.ciphertextBlob()));
  }

  @Test
  void generateDataKey_withKeySpec_givesAes128OrAes256() {
    assertThat(
            f.call(kms.generateDataKey, generateDataKey(keyId, null, DataKeySpec.AES_128))
                .plaintext())
        .hasSize(16);
    assertThat(
            f.call(kms.generateDataKey, generateDataKey(keyId, null, DataKeySpec.AES_256))
                .plaintext())
        .hasSize(32);
  }

  @Test
  void generateDataKey_twice_givesDifferentKeys() {
    assertThat(f.call(kms.generateDataKey, generateDataKey(keyId, 32, null)).plaintext())
        .isNotEqualTo(f.call(kms.generateDataKey, generateDataKey(keyId, 32, null)).plaintext());
  }

  @Test
  void bothOperations_needExactlyOneOfKeySpecAndNumberOfBytes() {
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.generateDataKey, generateDataKey(keyId, null, null)))
        .hasMessage("Please specify either number of bytes or key spec.");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.generateDataKey,
                generateDataKey(keyId, 32, DataKeySpec.AES_256)))
        .hasMessage("Please specify either number of bytes or key spec, not both.");
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyWithoutPlaintext,
        generateDataKeyWithoutPlaintext(keyId, null, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyWithoutPlaintext,
        generateDataKeyWithoutPlaintext(keyId, 16, DataKeySpec.AES_128));
  }

  @Test
  void bothOperations_takeNumberOfBytesFrom1To1024() {
    f.call(kms.generateDataKey, generateDataKey(keyId, 1, null));
    f.call(kms.generateDataKeyWithoutPlaintext, generateDataKeyWithoutPlaintext(keyId, 1024, null));

    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.generateDataKey, generateDataKey(keyId, 0, null)))
        .hasMessage(
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1");
    assertThat(
            f.error(
                KmsErrorType.VALIDATION, kms.generateDataKey, generateDataKey(keyId, 1025, null)))
        .hasMessage(
            "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy"
                + " constraint: Member must have value less than or equal to 1024");
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyWithoutPlaintext,
        generateDataKeyWithoutPlaintext(keyId, 1025, null));
  }

  @Test
  void bothOperations_needAKeyId_andResolveAliases() {
    f.error(KmsErrorType.VALIDATION, kms.generateDataKey, generateDataKey(null, 32, null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyWithoutPlaintext,
        generateDataKeyWithoutPlaintext(null, 32, null));
    f.error(
        KmsErrorType.NOT_FOUND, kms.generateDataKey, generateDataKey("alias/missing", 32, null));

    assertThat(f.call(kms.generateDataKey, generateDataKey("alias/data-keys", 32, null)).keyId())
        .isEqualTo(arn(keyId));
  }

  @Test
  void bothOperations_validateGrantTokensAndContext() {
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKey,
        new GenerateDataKeyRequest(keyId, null, 32, null, Collections.nCopies(11, "t"), null));
    f.error(
        KmsErrorType.VALIDATION,
        kms.generateDataKeyWithoutPlaintext,
        new GenerateDataKeyWithoutPlaintextRequest(
            keyId, Map.of("k", "\uDFFF"), 32, null, null, null));
  }

  @Test
  void bothOperations_dryRun_checkEverything_thenAnswerDryRunOperation() {
    f.error(
        KmsErrorType.DRY_RUN,
        kms.generateDataKey,
        new GenerateDataKeyRequest(keyId, null, 8, null, null, true));
    f.error(
        KmsErrorType.DRY_RUN,
        kms.generateDataKeyWithoutPlaintext,
        new GenerateDataKeyWithoutPlaintextRequest(keyId, null, 8, null, null, true));
    f.disable(keyId);
    f.error(
        KmsErrorType.DISABLED,
        kms.generateDataKey,
        new GenerateDataKeyRequest(keyId, null, 8, null, null, true));
  }

  @Test
  void generateDataKeyWithoutPlaintext_returnsOnlyACiphertext_thatDecryptsToAKeyOfThatLength() {
    GenerateDataKeyWithoutPlaintextResponse response =
        f.call(
            kms.generateDataKeyWithoutPlaintext,
            new GenerateDataKeyWithoutPlaintextRequest(
                "alias/data-keys", CONTEXT, null, DataKeySpec.AES_256, null, null));

    assertThat(response.keyId()).isEqualTo(arn(keyId));
    assertThat(response.keyMaterialId()).isEqualTo(f.describe(keyId).currentKeyMaterialId());
    assertThat(f.call(kms.decrypt, decrypt(response.ciphertextBlob(), CONTEXT)).plaintext())
        .hasSize(32);
  }

  @Test
  void bothOperations_areAuditedAsReadOnly_andNeverHoldTheDataKey() {
    GenerateDataKeyResponse dataKey = f.call(kms.generateDataKey, generateDataKey(keyId, 32, null));

    AuditEvent event = f.lastAudit();
    assertThat(event.eventName()).isEqualTo("GenerateDataKey");
    assertThat(event.readOnly()).isTrue();
    assertThat(event.requestParameters()).containsEntry("numberOfBytes", 32);
    assertThat(event.responseElements()).isNull();
    assertThat(event.resources()).extracting(AuditEvent.Resource::arn).containsExactly(arn(keyId));
    f.assertNoAuditRecordHolds(dataKey.plaintext());

    f.call(
        kms.generateDataKeyWithoutPlaintext,
        generateDataKeyWithoutPlaintext(keyId, null, DataKeySpec.AES_128));
    assertThat(f.lastAudit().eventName()).isEqualTo("GenerateDataKeyWithoutPlaintext");
    assertThat(f.lastAudit().requestParameters()).containsEntry("keySpec", "AES_128");
  }
}
