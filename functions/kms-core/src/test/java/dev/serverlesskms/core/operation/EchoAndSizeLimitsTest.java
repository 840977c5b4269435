package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.api.DeleteImportedKeyMaterialRequest;
import dev.serverlesskms.core.api.GenerateRandomRequest;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a caller sends never grows what the KMS answers: every value an error message repeats is cut
 * to {@link Validation#MAX_ECHO_CHARS} characters, in the answer and in its audit record alike, and
 * an encryption context holds at most 8,192 bytes, as in AWS.
 */
class EchoAndSizeLimitsTest {
  private static final int HUGE = 500 * 1024;
  private static final String ECHO_LIMIT = "x".repeat(Validation.MAX_ECHO_CHARS);

  private final KmsFixture f = new KmsFixture();
  private final Kms kms = f.kms;

  // ------------------------------------------------------------------ echoes

  @Test
  void echo_keepsValuesUpToTheLimit_andCutsLongerOnes_neverInsideASurrogatePair() {
    assertThat(Validation.echo(null)).isNull();
    assertThat(Validation.echo(ECHO_LIMIT)).isEqualTo(ECHO_LIMIT);
    assertThat(Validation.echo(ECHO_LIMIT + "y")).isEqualTo(ECHO_LIMIT + Validation.ECHO_CUT);
    String key = "\uD83D\uDD11";
    String cutInPair = "x".repeat(Validation.MAX_ECHO_CHARS - 1) + key;
    assertThat(Validation.echo(cutInPair))
        .isEqualTo("x".repeat(Validation.MAX_ECHO_CHARS - 1) + Validation.ECHO_CUT);
  }

  @Test
  void anEnumValueOf500KB_isEchoedCut_inTheAnswerAndTheAuditRecord() {
    String keyId = f.createKey();
    String huge = "x".repeat(HUGE);

    KmsException error =
        f.error(
            KmsErrorType.VALIDATION,
            kms.listKeyRotations,
            Requests.listKeyRotations(keyId, huge, null, null));

    String expected =
        "1 validation error detected: Value '"
            + ECHO_LIMIT
            + Validation.ECHO_CUT
            + "' at 'includeKeyMaterial' failed to satisfy constraint: Member must satisfy enum"
            + " value set: [ALL_KEY_MATERIAL, ROTATIONS_ONLY]";
    assertThat(error).hasMessage(expected);
    assertThat(f.lastAudit().errorMessage()).isEqualTo(expected);
    String importType =
        f.error(
                KmsErrorType.VALIDATION,
                kms.importKeyMaterial,
                Requests.importKeyMaterial(f.externalKey())
                    .token(new byte[16])
                    .material(new byte[16])
                    .neverExpires()
                    .importType(huge)
                    .build())
            .getMessage();
    assertThat(importType).hasSizeLessThan(1024).contains(ECHO_LIMIT + Validation.ECHO_CUT + "'");
  }

  @Test
  void identifiersInNotFoundAnswers_areEchoedCut() {
    String longId = "k".repeat(2000);
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(longId)))
        .hasMessage("Invalid keyId '" + "k".repeat(512) + Validation.ECHO_CUT + "'");
    String longAlias = "alias/" + "a".repeat(2000);
    assertThat(f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(longAlias)))
        .hasMessage(
            "Alias "
                + KmsFixture.aliasArn(longAlias.substring(0, 512) + Validation.ECHO_CUT)
                + " is not found.");
    String foreignArn = "arn:aws:kms:us-east-1:999999999999:key/" + "f".repeat(1500);
    assertThat(
            f.error(KmsErrorType.NOT_FOUND, kms.describeKey, Requests.describeKey(foreignArn))
                .getMessage())
        .hasSizeLessThan(600)
        .endsWith(Validation.ECHO_CUT + "' does not exist");
    // A custom key store id has at most 64 characters (AWS's CustomKeyStoreIdType): a longer one
    // is refused by its length, without echo; one that fits is echoed whole.
    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.generateRandom,
                    new GenerateRandomRequest(8, "c".repeat(HUGE)))
                .getMessage())
        .hasSizeLessThan(200)
        .doesNotContain("cccc");
    assertThat(
            f.error(
                    KmsErrorType.CUSTOM_KEY_STORE_NOT_FOUND,
                    kms.generateRandom,
                    new GenerateRandomRequest(8, "c".repeat(64)))
                .getMessage())
        .isEqualTo("Custom key store " + "c".repeat(64) + " does not exist.");
    String imported = f.importedKeyIn(dev.serverlesskms.core.model.KeyState.ENABLED);
    assertThat(
            f.error(
                KmsErrorType.NOT_FOUND,
                kms.deleteImportedKeyMaterial,
                new DeleteImportedKeyMaterialRequest(imported, "m".repeat(HUGE))))
        .hasMessage(
            "Key material "
                + "m".repeat(512)
                + Validation.ECHO_CUT
                + " does not exist for "
                + arn(imported));
  }

  // ------------------------------------------------------------------ encryption context

  @Test
  void anEncryptionContextOf8192Bytes_works_and8193IsRefused_countingUtf8Bytes() {
    String keyId = f.createKey();
    // 2 + 4092 * 2 ("é" is two bytes) + 6 = 8192 bytes in 4100 chars.
    Map<String, String> atLimit = Map.of("k1", "\u00e9".repeat(4092), "k2" + "v", "abc");
    assertThat(utf8Bytes(atLimit)).isEqualTo(8192);
    byte[] blob = f.encrypt(keyId, KmsFixture.utf8("bound"), atLimit);
    assertThat(f.call(kms.decrypt, Requests.decrypt(blob, atLimit)).plaintext())
        .isEqualTo(KmsFixture.utf8("bound"));

    Map<String, String> over = new LinkedHashMap<>(atLimit);
    over.put("", "z");
    String message =
        "1 validation error detected: Value at 'encryptionContext' failed to satisfy constraint:"
            + " Member must have a total size of keys and values less than or equal to 8192 bytes";
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.encrypt,
                Requests.encrypt(keyId, KmsFixture.utf8("x"), over)))
        .hasMessage(message);
    assertThat(f.error(KmsErrorType.VALIDATION, kms.decrypt, Requests.decrypt(blob, over)))
        .hasMessage(message);
    assertThat(
            f.error(
                    KmsErrorType.VALIDATION,
                    kms.generateDataKey,
                    new dev.serverlesskms.core.api.GenerateDataKeyRequest(
                        keyId, over, 32, null, null, null))
                .getMessage())
        .isEqualTo(message);
    assertThat(
            f.error(KmsErrorType.VALIDATION, kms.reEncrypt, Requests.reEncrypt(blob, over, keyId))
                .getMessage())
        .isEqualTo(message.replace("'encryptionContext'", "'sourceEncryptionContext'"));
    Map<String, String> hugeValue = Map.of("k", "v".repeat(HUGE));
    assertThat(
            f.error(
                KmsErrorType.VALIDATION,
                kms.encrypt,
                Requests.encrypt(keyId, KmsFixture.utf8("x"), hugeValue)))
        .hasMessage(message);
  }

  private static int utf8Bytes(Map<String, String> context) {
    return context.entrySet().stream()
        .mapToInt(e -> KmsFixture.utf8(e.getKey()).length + KmsFixture.utf8(e.getValue()).length)
        .sum();
  }
}
