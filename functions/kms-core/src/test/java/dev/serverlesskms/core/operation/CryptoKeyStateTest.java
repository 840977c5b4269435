package dev.serverlesskms.core.operation;

import static dev.serverlesskms.core.operation.KmsFixture.arn;
import static dev.serverlesskms.core.operation.KmsFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's key-state table for the cryptographic operations, row by row: Encrypt, Decrypt, ReEncrypt
 * (source and destination), GenerateDataKey and GenerateDataKeyWithoutPlaintext work on an enabled
 * key only; a disabled key is DisabledException, a key pending deletion or pending import is
 * KMSInvalidStateException. Then what they share: the key usage check and a key whose material the
 * enclave cannot unwrap.
 */
class CryptoKeyStateTest {
  private final KmsFixture f = new KmsFixture();

  /** One cryptographic use of the key (or of a ciphertext made under it). */
  enum Use {
    ENCRYPT("Encrypt") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        f.call(f.kms.encrypt, Requests.encrypt(key.keyId(), utf8("x")));
      }
    },
    DECRYPT("Decrypt") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        f.call(f.kms.decrypt, Requests.decrypt(key.blob()));
      }
    },
    RE_ENCRYPT_FROM("ReEncrypt") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        f.call(f.kms.reEncrypt, Requests.reEncrypt(key.blob(), null, f.createKey()));
      }
    },
    RE_ENCRYPT_TO("ReEncrypt") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        byte[] blob = f.encrypt(f.createKey(), "moving");
        f.call(f.kms.reEncrypt, Requests.reEncrypt(blob, null, key.keyId()));
      }
    },
    GENERATE_DATA_KEY("GenerateDataKey") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        f.call(f.kms.generateDataKey, Requests.generateDataKey(key.keyId(), 32, null));
      }
    },
    GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext") {
      @Override
      void on(KmsFixture f, KmsFixture.Sealed key) {
        f.call(
            f.kms.generateDataKeyWithoutPlaintext,
            Requests.generateDataKeyWithoutPlaintext(key.keyId(), 32, null));
      }
    };

    final String operation;

    Use(String operation) {
      this.operation = operation;
    }

    abstract void on(KmsFixture f, KmsFixture.Sealed key);
  }

  static Stream<Arguments> everyUseInEveryState() {
    return Arrays.stream(Use.values())
        .flatMap(use -> KeyState.stored().stream().map(state -> Arguments.of(use, state)));
  }

  @ParameterizedTest(name = "{0} with the key {1}")
  @MethodSource("everyUseInEveryState")
  void cryptography_worksOnAnEnabledKeyOnly_withAwsErrorsForTheOtherStates(
      Use use, KeyState state) {
    KmsFixture.Sealed key = f.ciphertextUnderKeyIn(state);

    KmsException error = catchThrowableOfType(KmsException.class, () -> use.on(f, key));

    switch (state) {
      case ENABLED -> assertThat(error).isNull();
      case DISABLED ->
          assertError(error, KmsErrorType.DISABLED, arn(key.keyId()) + " is disabled.");
      case PENDING_DELETION ->
          assertError(
              error, KmsErrorType.INVALID_STATE, arn(key.keyId()) + " is pending deletion.");
      case PENDING_IMPORT ->
          assertError(error, KmsErrorType.INVALID_STATE, arn(key.keyId()) + " is pending import.");
      case PENDING_REPLICA_DELETION ->
          assertError(
              error,
              KmsErrorType.INVALID_STATE,
              arn(key.keyId()) + " is pending replica deletion.");
      case UNAVAILABLE -> throw new AssertionError("never stored");
    }
    assertThat(f.lastAudit().eventName()).isEqualTo(use.operation);
    assertThat(f.lastAudit().errorCode()).isEqualTo(error == null ? null : error.type().wireName());
  }

  @ParameterizedTest
  @EnumSource(Use.class)
  void cryptography_withAKeyOfAnotherUsage_isInvalidKeyUsage(Use use) {
    String keyId =
        f.seedKey(key -> key.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC));
    KmsFixture.Sealed key = new KmsFixture.Sealed(keyId, blobNaming(keyId));

    KmsException error = catchThrowableOfType(KmsException.class, () -> use.on(f, key));

    assertError(
        error,
        KmsErrorType.INVALID_KEY_USAGE,
        arn(keyId)
            + " key usage is GENERATE_VERIFY_MAC which is not valid for "
            + use.operation
            + ".");
  }

  @ParameterizedTest
  @EnumSource(Use.class)
  void cryptography_withMaterialTheEnclaveCannotUnwrap_isKeyUnavailable(Use use) {
    // A version whose wrapped material was altered, moved from another key, or wrapped under
    // another root key: the key is unusable until the store is repaired.
    String keyId = f.seedKey(key -> key);
    KmsFixture.Sealed key = new KmsFixture.Sealed(keyId, blobNaming(keyId));

    KmsException error = catchThrowableOfType(KmsException.class, () -> use.on(f, key));

    assertError(error, KmsErrorType.KEY_UNAVAILABLE, arn(keyId) + " key material is unavailable.");
    assertThat(error.type().httpStatus()).isEqualTo(500);
  }

  /** A well-formed ciphertext blob that names version 1 of {@code keyId}. */
  private static byte[] blobNaming(String keyId) {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(new KeyId(keyId), 1));
    return CiphertextBlobCodec.encode(header, new byte[CiphertextBlobCodec.SEALED_OVERHEAD + 4]);
  }

  private static void assertError(KmsException error, KmsErrorType type, String message) {
    assertThat(error).as("expected %s", type.wireName()).isNotNull();
    assertThat(error.type()).isEqualTo(type);
    assertThat(error).hasMessage(message);
  }
}
