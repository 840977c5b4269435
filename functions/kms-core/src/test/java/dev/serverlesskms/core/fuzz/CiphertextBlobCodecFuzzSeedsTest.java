package dev.serverlesskms.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.ciphertext.CiphertextBlobCodec;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The committed seeds of {@link CiphertextBlobCodecFuzzTest} still mean what their names say: the
 * fuzzer starts from them, so seeds that no longer parse would leave it far from the fields past
 * the header check.
 */
class CiphertextBlobCodecFuzzSeedsTest {
  private static final String SEEDS =
      "CiphertextBlobCodecFuzzTestInputs/"
          + "parse_ofAnyBytes_returnsTheSameBytesOrRefusesAsInvalidCiphertext/";

  @Test
  void goldenVectorAndShortestBlob_parse() throws IOException {
    assertThat(CiphertextBlobCodec.parse(CiphertextBlobCodecFuzzTest.blobOf(read("golden-v1"))))
        .satisfies(blob -> assertThat(blob.keyVersion()).isEqualTo(2));
    assertThat(
            CiphertextBlobCodec.parse(
                    CiphertextBlobCodecFuzzTest.blobOf(read("shortest-crc-fixed")))
                .sealed())
        .hasSize(CiphertextBlobCodec.SEALED_OVERHEAD);
  }

  @Test
  void versionZeroSeed_isRefusedAsInvalidCiphertext() throws IOException {
    KmsException error =
        catchThrowableOfType(
            KmsException.class,
            () ->
                CiphertextBlobCodec.parse(
                    CiphertextBlobCodecFuzzTest.blobOf(read("version-zero-crc-fixed"))));
    assertThat(error.type()).isEqualTo(KmsErrorType.INVALID_CIPHERTEXT);
  }

  private static byte[] read(String seed) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            CiphertextBlobCodecFuzzSeedsTest.class.getResourceAsStream(SEEDS + seed), seed)) {
      return in.readAllBytes();
    }
  }
}
