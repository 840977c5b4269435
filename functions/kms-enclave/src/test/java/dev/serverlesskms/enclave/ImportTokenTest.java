package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.WrappingAlgorithm;
import dev.serverlesskms.core.port.ImportTokenException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The token codec on its own, with stand-in key bytes (the codec never parses them), so that no RSA
 * key has to be generated; the contract tests cover real tokens on both root keys.
 */
class ImportTokenTest {
  private static final byte[] PRIVATE_KEY =
      HexFormat.of().parseHex("3082deadbeef00112233445566778899");
  private static final Instant VALID_TO = Instant.parse("2031-05-06T07:08:09.000000123Z");

  private final RootKey rootKey = TestRootKeys.software(0x33);
  private final KeyId keyId = KeyId.random();

  @AfterEach
  void closeRootKey() {
    rootKey.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = WrappingAlgorithm.class,
      names = {
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256"
      })
  void open_ofASealedToken_returnsItsAlgorithmValidToAndKeyExactly(WrappingAlgorithm algorithm) {
    byte[] token = ImportToken.seal(rootKey, keyId, algorithm, VALID_TO, PRIVATE_KEY.clone());

    try (ImportToken opened = ImportToken.open(rootKey, keyId, token)) {
      assertThat(opened.algorithm()).isEqualTo(algorithm);
      assertThat(opened.validTo()).isEqualTo(VALID_TO);
      assertThat(opened.privateKeyPkcs8()).isEqualTo(PRIVATE_KEY);
    }
    assertThat(token).hasSize(1 + 12 + 16 + 1 + 8 + 4 + PRIVATE_KEY.length + 16);
  }

  @Test
  void seal_leavesTheCallersKeyBytesAlone_andTheTokenShowsThemNowhere() {
    byte[] privateKey = PRIVATE_KEY.clone();

    byte[] token =
        ImportToken.seal(
            rootKey, keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, VALID_TO, privateKey);

    assertThat(privateKey).isEqualTo(PRIVATE_KEY);
    assertThat(HexFormat.of().formatHex(token))
        .doesNotContain(HexFormat.of().formatHex(PRIVATE_KEY, 2, 8));
  }

  @Test
  void seal_refusesPkcs1V15AndSm2Pke() {
    for (WrappingAlgorithm refused :
        new WrappingAlgorithm[] {WrappingAlgorithm.RSAES_PKCS1_V1_5, WrappingAlgorithm.SM2PKE}) {
      assertThatThrownBy(() -> ImportToken.seal(rootKey, keyId, refused, VALID_TO, PRIVATE_KEY))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void close_zeroizesThePrivateKey_andToStringShowsNoKeyBytes() {
    byte[] token =
        ImportToken.seal(rootKey, keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, VALID_TO, PRIVATE_KEY);
    ImportToken opened = ImportToken.open(rootKey, keyId, token);
    byte[] backing = opened.privateKeyPkcs8();

    assertThat(opened.toString())
        .isEqualTo(
            "ImportToken[key " + keyId + ", RSAES_OAEP_SHA_1, valid to " + VALID_TO + ", redacted]")
        .doesNotContain(HexFormat.of().formatHex(PRIVATE_KEY, 2, 6));
    opened.close();

    assertThat(backing).containsOnly(0);
    assertThatThrownBy(opened::privateKeyPkcs8).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requireValidAt_acceptsUpToValidToInclusive_andThenIsExpired() {
    byte[] token =
        ImportToken.seal(rootKey, keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, VALID_TO, PRIVATE_KEY);

    try (ImportToken opened = ImportToken.open(rootKey, keyId, token)) {
      opened.requireValidAt(VALID_TO.minusSeconds(86_400));
      opened.requireValidAt(VALID_TO);
      assertThatThrownBy(() -> opened.requireValidAt(VALID_TO.plusNanos(1)))
          .isInstanceOfSatisfying(
              ImportTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(ImportTokenException.Reason.EXPIRED))
          .hasMessageContaining(keyId.value())
          .hasMessageContaining(VALID_TO.toString());
    }
  }

  @Test
  void open_withAnUnknownAlgorithmCode_isInvalid() {
    byte[] token = handMade(keyId, keyId, (byte) 0);
    byte[] alsoUnknown = handMade(keyId, keyId, (byte) 5);

    for (byte[] unknown : new byte[][] {token, alsoUnknown}) {
      assertThatThrownBy(() -> ImportToken.open(rootKey, keyId, unknown))
          .isInstanceOfSatisfying(ImportTokenException.class, ImportTokenTest::assertInvalid);
    }
    ImportToken.open(rootKey, keyId, handMade(keyId, keyId, (byte) 2)).close(); // the control
  }

  @Test
  void open_withAKeyIdInThePayloadOtherThanInTheAad_isInvalid() {
    byte[] token = handMade(keyId, KeyId.random(), (byte) 1);

    assertThatThrownBy(() -> ImportToken.open(rootKey, keyId, token))
        .isInstanceOfSatisfying(ImportTokenException.class, ImportTokenTest::assertInvalid);
  }

  @Test
  void open_withNoKeyBytesAfterTheHeader_isInvalid() {
    byte[] payload = payload(keyId, (byte) 1, new byte[0]);
    byte[] token = withFormatByte(rootKey.wrap(payload, aad(keyId)));

    assertThatThrownBy(() -> ImportToken.open(rootKey, keyId, token))
        .isInstanceOfSatisfying(ImportTokenException.class, ImportTokenTest::assertInvalid);
  }

  @Test
  void open_withAnotherFormatByte_isInvalid() {
    byte[] token =
        ImportToken.seal(rootKey, keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, VALID_TO, PRIVATE_KEY);
    token[0] = 0x02;

    assertThatThrownBy(() -> ImportToken.open(rootKey, keyId, token))
        .isInstanceOfSatisfying(ImportTokenException.class, ImportTokenTest::assertInvalid)
        .hasMessage(
            "the import token is not valid for key "
                + keyId
                + " (not issued for this key by this enclave, or altered)");
  }

  private static void assertInvalid(ImportTokenException e) {
    assertThat(e.reason()).isEqualTo(ImportTokenException.Reason.INVALID);
  }

  /** A token built by hand as the documented format says, for contents seal() never writes. */
  private byte[] handMade(KeyId aadKeyId, KeyId payloadKeyId, byte algorithmCode) {
    return withFormatByte(
        rootKey.wrap(payload(payloadKeyId, algorithmCode, PRIVATE_KEY), aad(aadKeyId)));
  }

  private static byte[] payload(KeyId keyId, byte algorithmCode, byte[] privateKey) {
    return ByteBuffer.allocate(16 + 1 + 8 + 4 + privateKey.length)
        .put(keyId.toBytes())
        .put(algorithmCode)
        .putLong(VALID_TO.getEpochSecond())
        .putInt(VALID_TO.getNano())
        .put(privateKey)
        .array();
  }

  private byte[] aad(KeyId keyId) {
    byte[] label = "serverless-kms/import-token/v1".getBytes(StandardCharsets.US_ASCII);
    byte[] rootId = rootKey.id().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(label.length + 16 + rootId.length)
        .put(label)
        .put(keyId.toBytes())
        .put(rootId)
        .array();
  }

  private static byte[] withFormatByte(byte[] wrapped) {
    byte[] token = new byte[1 + wrapped.length];
    token[0] = 0x01;
    System.arraycopy(wrapped, 0, token, 1, wrapped.length);
    return token;
  }
}
