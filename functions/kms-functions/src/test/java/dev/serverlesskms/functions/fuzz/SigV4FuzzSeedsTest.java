package dev.serverlesskms.functions.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed seeds of {@link SigV4FuzzTest} are requests the verifier accepts: the fuzzer starts
 * from them, so seeds that no longer verify (a changed harness, clock or credential) would leave it
 * mutating requests that fail long before the canonical request is built.
 */
class SigV4FuzzSeedsTest {
  private static final String SEEDS =
      "SigV4FuzzTestInputs/authenticate_ofAnyRequest_isTheSignerOrAnAuthenticationError/";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "awscli2-ok-CreateKey-001",
        "awscli2-ok-Decrypt-003",
        "boto3-ok-Encrypt-008",
        "boto3-ok-GenerateDataKey-010",
        "java-ok-Encrypt-016",
        "java-ok-Decrypt-017",
        "js-ok-CreateKey-011",
        "js-ok-Encrypt-012"
      })
  void recordedClientRequest_isAuthenticatedAsTheDevelopmentCredential(String seed)
      throws IOException {
    assertThat(SigV4FuzzTest.AUTHENTICATOR.authenticate(SigV4FuzzTest.parse(read(seed))))
        .satisfies(caller -> assertThat(caller.accessKeyId()).isEqualTo("test"));
  }

  private static byte[] read(String seed) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(SigV4FuzzSeedsTest.class.getResourceAsStream(SEEDS + seed), seed)) {
      return in.readAllBytes();
    }
  }
}
