package dev.serverlesskms.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.model.KeySpec;
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
  void keyTypeChecks_runBeforeAFamilysFirstUse_andAFailedFamilyStaysRefused() {
    int[] runs = new int[2];
    KeyTypeSelfTests tests =
        new KeyTypeSelfTests(
            List.of(
                new SelfTests.Check(
                    "ECDSA P-256 pairwise",
                    SelfTests.Family.EC_NIST,
                    () -> {
                      runs[0]++;
                      return false;
                    }),
                new SelfTests.Check(
                    "HMAC-SHA-256",
                    SelfTests.Family.HMAC,
                    () -> {
                      runs[1]++;
                      return true;
                    })));

    tests.require(KeySpec.SYMMETRIC_DEFAULT);
    tests.require(KeySpec.HMAC_256);
    tests.require(KeySpec.HMAC_512);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> tests.require(KeySpec.ECC_NIST_P384))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "self-test failed: ECDSA P-256 pairwise; this enclave does not use EC_NIST keys");
    }
    assertThat(runs).containsExactly(1, 1); // each family once, pass or fail
  }

  /**
   * What kms-crypto's key-type self-tests cost in this JVM: printed, for the record. The first run
   * in a fresh JVM (class loading, first operations) is what made them run before first use rather
   * than at power-on.
   */
  @Test
  void keyTypeSelfTests_cost() {
    long start = System.nanoTime();
    assertThat(SelfTests.firstFailure(SelfTests.CHECKS)).isNull();
    long first = System.nanoTime() - start;
    start = System.nanoTime();
    assertThat(SelfTests.firstFailure(SelfTests.CHECKS)).isNull();
    long second = System.nanoTime() - start;
    start = System.nanoTime();
    SelfTest.runKnownAnswers();
    long powerOn = System.nanoTime() - start;
    System.out.printf(
        "key-type self-tests: first run %d ms, second %d ms; power-on known answers %d ms%n",
        first / 1_000_000, second / 1_000_000, powerOn / 1_000_000);
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
