package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.crypto.SelfTests;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfTestTest {

  @Test
  void knownAnswers_matchThePublishedVectors() {
    assertThatCode(SelfTest::runKnownAnswers).doesNotThrowAnyException();
  }

  @Test
  void keyTypeCheck_thatFails_refusesToStartAndNamesTheCheck() {
    assertThatThrownBy(
            () ->
                SelfTest.runKeyTypeChecks(
                    List.of(new SelfTests.Check("ECDSA P-256 pairwise", () -> false))))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessage("self-test failed: ECDSA P-256 pairwise");
  }

  /** What the self-tests cost at start, in a fresh JVM: printed, for the record (README). */
  @Test
  void selfTests_cost() {
    long start = System.nanoTime();
    SelfTest.runKnownAnswers();
    long first = System.nanoTime() - start;
    start = System.nanoTime();
    SelfTest.runKnownAnswers();
    long second = System.nanoTime() - start;
    System.out.printf(
        "enclave power-on self-tests: first run %d ms, second run %d ms%n",
        first / 1_000_000, second / 1_000_000);
    assertThatCode(SelfTest::runKnownAnswers).doesNotThrowAnyException();
  }

  @Test
  void knownAnswer_thatDoesNotMatch_refusesToStartAndNamesTheTest() {
    SelfTest.KnownAnswer published = SelfTest.KNOWN_ANSWERS.get(0);
    byte[] wrong = published.expected().clone();
    wrong[0] ^= 1;

    assertThatThrownBy(
            () ->
                SelfTest.run(
                    List.of(
                        new SelfTest.KnownAnswer(
                            published.name(), published.computation(), wrong))))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessage("self-test failed: AES-256-GCM encrypt");
  }

  @Test
  void knownAnswer_thatThrows_refusesToStart() {
    SelfTest.KnownAnswer broken =
        new SelfTest.KnownAnswer(
            "HKDF-SHA256",
            () -> {
              throw new IllegalStateException("broken build");
            },
            new byte[0]);

    assertThatThrownBy(() -> SelfTest.run(List.of(broken)))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessage("self-test failed: HKDF-SHA256");
  }

  @Test
  void pairwise_withAWorkingRootKey_passes() {
    try (RootKey rootKey = TestRootKeys.software(1)) {
      assertThatCode(() -> SelfTest.checkPairwise(rootKey, new SecureRandom()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void pairwise_withRootKeyThatIgnoresAad_refusesToStart() {
    RootKey ignoresAad = new BrokenRootKey(false);

    assertThatThrownBy(() -> SelfTest.checkPairwise(ignoresAad, new SecureRandom()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("associated data is not authenticated");
  }

  @Test
  void pairwise_withRootKeyThatCorruptsTheKey_refusesToStart() {
    RootKey corrupts = new BrokenRootKey(true);

    assertThatThrownBy(() -> SelfTest.checkPairwise(corrupts, new SecureRandom()))
        .isInstanceOf(EnclaveStartupException.class)
        .hasMessageContaining("round trip changed the key");
  }

  /** A "root key" that stores material in the clear, optionally flipping a bit on the way back. */
  static final class BrokenRootKey implements RootKey {
    private final boolean corrupt;

    BrokenRootKey(boolean corrupt) {
      this.corrupt = corrupt;
    }

    @Override
    public String id() {
      return "broken";
    }

    @Override
    public byte[] wrap(byte[] material, byte[] aad) {
      return material.clone();
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] aad) {
      byte[] out = Arrays.copyOf(wrapped, wrapped.length);
      if (corrupt) {
        out[0] ^= 1;
      }
      return out;
    }

    @Override
    public void close() {}
  }
}
