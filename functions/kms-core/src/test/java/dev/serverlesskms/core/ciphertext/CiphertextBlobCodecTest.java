package dev.serverlesskms.core.ciphertext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.EncryptionContext;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyVersionRef;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CiphertextBlobCodecTest {
  private static final KeyId KEY = new KeyId("1234abcd-12ab-34cd-56ef-1234567890ab");
  private static final byte[] SEALED = new byte[48];

  @Test
  void header_v1_isFrozenByteForByte() {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KEY, 3));
    // 01 | uuid | 00000003 | crc32c(first 21 bytes)
    assertThat(HexFormat.of().formatHex(header))
        .startsWith("01" + "1234abcd12ab34cd56ef1234567890ab" + "00000003")
        .hasSize(50);
    assertThat(Arrays.copyOfRange(header, 21, 25))
        .isEqualTo(HexFormat.of().parseHex(crc32c(header)));
  }

  @Test
  void header_ofAMultiRegionKey_isFormat2_withTheMrkIdsBytes_andNoRegion() {
    KeyId mrk = new KeyId("mrk-1234abcd12ab34cd56ef1234567890ab");
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(mrk, 3));

    assertThat(HexFormat.of().formatHex(header))
        .startsWith("02" + "1234abcd12ab34cd56ef1234567890ab" + "00000003")
        .hasSize(50);
    assertThat(Arrays.copyOfRange(header, 21, 25))
        .isEqualTo(HexFormat.of().parseHex(crc32c(header)));
    CiphertextBlob blob = CiphertextBlobCodec.parse(CiphertextBlobCodec.encode(header, SEALED));
    assertThat(blob.keyId()).isEqualTo(mrk);
    assertThat(blob.keyVersion()).isEqualTo(3);
    // The same 16 bytes under format 1 name the single-Region key: the format byte decides, and
    // it is in the AAD, so one cannot pass for the other.
    assertThat(CiphertextBlobCodec.header(new KeyVersionRef(KEY, 3)))
        .isNotEqualTo(header)
        .startsWith((byte) 0x01);
  }

  @Test
  void parse_ofEncodedBlob_returnsKeyVersionHeaderAndSealedPayload() {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KEY, 7));
    CiphertextBlob blob = CiphertextBlobCodec.parse(CiphertextBlobCodec.encode(header, SEALED));
    assertThat(blob.keyId()).isEqualTo(KEY);
    assertThat(blob.keyVersion()).isEqualTo(7);
    assertThat(blob.header()).isEqualTo(header);
    assertThat(blob.sealed()).isEqualTo(SEALED);
  }

  @Test
  void parse_withAnyHeaderByteChanged_isInvalidCiphertext() {
    byte[] blob =
        CiphertextBlobCodec.encode(CiphertextBlobCodec.header(new KeyVersionRef(KEY, 1)), SEALED);
    for (int i = 0; i < CiphertextBlobCodec.HEADER_LENGTH; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = blob.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertInvalid(tampered, "byte " + i + " bit " + bit);
      }
    }
  }

  @Test
  void parse_ofTooShortOrTooLongOrNull_isInvalidCiphertext() {
    byte[] blob =
        CiphertextBlobCodec.encode(
            CiphertextBlobCodec.header(new KeyVersionRef(KEY, 1)), new byte[32]);
    assertThat(CiphertextBlobCodec.parse(blob).sealed()).hasSize(32);
    assertInvalid(Arrays.copyOf(blob, blob.length - 1), "one byte short of the minimum");
    assertInvalid(new byte[0], "empty");
    assertInvalid(null, "null");
    assertInvalid(
        CiphertextBlobCodec.encode(
            CiphertextBlobCodec.header(new KeyVersionRef(KEY, 1)), new byte[6144]),
        "too long");
  }

  @Test
  void aad_isHeaderFollowedByCanonicalContext() {
    byte[] header = CiphertextBlobCodec.header(new KeyVersionRef(KEY, 1));
    EncryptionContext context = EncryptionContext.of(Map.of("a", "1"), "encryptionContext");
    byte[] aad = CiphertextBlobCodec.aad(header, context);
    assertThat(Arrays.copyOf(aad, header.length)).isEqualTo(header);
    assertThat(Arrays.copyOfRange(aad, header.length, aad.length))
        .isEqualTo(context.canonicalBytes());
  }

  private static void assertInvalid(byte[] blob, String what) {
    KmsException error =
        catchThrowableOfType(KmsException.class, () -> CiphertextBlobCodec.parse(blob));
    assertThat(error).as(what).isNotNull();
    assertThat(error.type()).as(what).isEqualTo(KmsErrorType.INVALID_CIPHERTEXT);
    assertThat(error.getMessage()).isEmpty();
  }

  private static String crc32c(byte[] header) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(header, 0, 21);
    return String.format("%08x", crc.getValue());
  }
}
