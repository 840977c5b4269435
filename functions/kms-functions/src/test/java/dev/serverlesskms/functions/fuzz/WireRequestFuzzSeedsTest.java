package dev.serverlesskms.functions.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.functions.wire.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed seeds of {@link WireRequestFuzzTest} reach what their names say: the fuzzer starts
 * from them, so seeds that no longer get past the reader would leave it fuzzing JSON syntax only.
 */
class WireRequestFuzzSeedsTest {
  private static final String SEEDS =
      "WireRequestFuzzTestInputs/"
          + "dispatch_ofAnyBody_answersWithAnAwsErrorOrSuccess_andAuditsItOnce/";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "op-Encrypt",
        "op-GenerateDataKey",
        "op-GenerateDataKeyWithoutPlaintext",
        "op-GenerateRandom",
        "op-GenerateDataKeyPair",
        "op-GenerateDataKeyPairWithoutPlaintext",
        "op-CreateKey",
        "op-DescribeKey",
        "op-ListKeys",
        "op-ListAliases",
        "op-TagResource",
        "op-ListResourceTags",
        "op-EnableKeyRotation",
        "op-GetKeyRotationStatus",
        "op-ListKeyRotations",
        "capture-java-ok-Encrypt-016"
      })
  void operationSeed_isServed(String seed) throws IOException {
    WireResponse response = WireRequestFuzzTest.dispatch("seed", read(seed));

    assertThat(response.status())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({
    "hostile-nested, SerializationException",
    "hostile-wrong-types, SerializationException",
    "hostile-enum-echo, ValidationException",
    "hostile-not-an-object, SerializationException",
    "hostile-trailing, SerializationException",
    "hostile-number-overflow, SerializationException",
  })
  void hostileSeed_isRefusedByTheReader(String seed, String errorType) throws IOException {
    assertThat(WireRequestFuzzTest.dispatch("seed", read(seed)).errorType()).isEqualTo(errorType);
  }

  private static byte[] read(String seed) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            WireRequestFuzzSeedsTest.class.getResourceAsStream(SEEDS + seed), seed)) {
      return in.readAllBytes();
    }
  }
}
