package dev.serverlesskms.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.serverlesskms.core.ciphertext.CiphertextBlob;
import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The ciphertext reader on any bytes: it either returns a blob that re-encodes to exactly the input
 * or refuses with InvalidCiphertextException (empty message, as AWS sends it), and nothing else.
 *
 * <p>An input is {@code flag (1) || blob}. When the flag's low bit is set the harness writes the
 * correct header check into the blob first, so the fuzzer gets past the CRC to the version and key
 * id fields without having to find a CRC collision.
 *
 * <p>Seeds: {@code
 * src/test/resources/dev/serverlesskms/core/fuzz/CiphertextBlobCodecFuzzTestInputs/}. Longer runs:
 * docs/fuzzing.md.
 */
class CiphertextBlobCodecFuzzTest {

  @FuzzTest(maxDuration = "1s")
  void parse_ofAnyBytes_returnsTheSameBytesOrRefusesAsInvalidCiphertext(byte[] input) {
    byte[] blob = blobOf(input);
    CiphertextBlob parsed;
    try {
      parsed = CiphertextBlobCodec.parse(blob);
    } catch (KmsException e) {
      assertThat(e.type()).isEqualTo(KmsErrorType.INVALID_CIPHERTEXT);
      assertThat(e.getMessage()).isEmpty();
      return;
    }
    assertThat(CiphertextBlobCodec.encode(parsed.header(), parsed.sealed())).isEqualTo(blob);
    assertThat(parsed.keyVersion()).isPositive();
    assertThat(parsed.keyId().toBytes()).isEqualTo(Arrays.copyOfRange(blob, 1, 17));
    assertThat(parsed.sealed().length).isGreaterThanOrEqualTo(CiphertextBlobCodec.SEALED_OVERHEAD);
  }

  /**
   * The blob an input stands for: its bytes after the flag, with the header check fixed if asked.
   */
  static byte[] blobOf(byte[] input) {
    if (input.length == 0) {
      return input;
    }
    byte[] blob = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 1) == 1 && blob.length >= CiphertextBlobCodec.HEADER_LENGTH) {
      CRC32C crc = new CRC32C();
      crc.update(blob, 0, 21);
      ByteBuffer.wrap(blob).putInt(21, (int) crc.getValue());
    }
    return blob;
  }
}
