package dev.serverlesskms.enclave.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.port.Enclave.NewKeyVersion;
import dev.serverlesskms.core.port.ImportTokenException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed seeds of {@link ImportTokenFuzzTest} still reach the end of an import: the fuzzer
 * starts from them, so seeds that no longer open (a changed token format or root key) would leave
 * it fuzzing nothing but the first check.
 */
class ImportTokenFuzzSeedsTest {
  private static final String SEEDS =
      "ImportTokenFuzzTestInputs/"
          + "importKeyMaterial_ofAnyTokenAndMaterial_importsOrRefusesWithTheDeclaredExceptions/";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "real-token-RSAES_OAEP_SHA_256",
        "real-token-RSA_AES_KEY_WRAP_SHA_256",
        "payload-RSAES_OAEP_SHA_1",
        "payload-RSAES_OAEP_SHA_256",
        "payload-RSA_AES_KEY_WRAP_SHA_1",
        "payload-RSA_AES_KEY_WRAP_SHA_256"
      })
  void seed_importsItsMaterial(String seed) throws IOException {
    assertThat(ImportTokenFuzzTest.importOnce(read(seed))).isInstanceOf(NewKeyVersion.class);
  }

  @ParameterizedTest
  @ValueSource(strings = "payload-expired")
  void expiredSeed_isRefusedAsExpired(String seed) throws IOException {
    assertThat(ImportTokenFuzzTest.importOnce(read(seed)))
        .isInstanceOfSatisfying(
            ImportTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(ImportTokenException.Reason.EXPIRED));
  }

  private static byte[] read(String seed) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            ImportTokenFuzzSeedsTest.class.getResourceAsStream(SEEDS + seed), seed)) {
      return in.readAllBytes();
    }
  }
}
