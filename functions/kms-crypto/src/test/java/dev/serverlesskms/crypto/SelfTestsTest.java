package dev.serverlesskms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelfTestsTest {

  @Test
  void everyCheckPasses_andTheirCostIsSmall() {
    SelfTests.firstFailure(SelfTests.CHECKS); // warm up class loading and JIT-less first calls
    long start = System.nanoTime();
    assertThat(SelfTests.firstFailure(SelfTests.CHECKS)).isNull();
    long micros = (System.nanoTime() - start) / 1000;
    System.out.println("kms-crypto self-tests (second run): " + micros + " us");
    for (SelfTests.Check check : SelfTests.CHECKS) {
      long t = System.nanoTime();
      check.passes().get();
      System.out.println("  " + check.name() + ": " + (System.nanoTime() - t) / 1000 + " us");
    }
    assertThat(SelfTests.CHECKS).hasSize(7);
    for (SelfTests.Family family : SelfTests.Family.values()) {
      assertThat(SelfTests.checks(family)).as("checks of %s", family).isNotEmpty();
    }
  }

  @Test
  void aCheckThatFailsOrThrowsIsNamed() {
    assertThat(
            SelfTests.firstFailure(
                List.of(
                    SelfTests.CHECKS.get(0),
                    new SelfTests.Check("always wrong", SelfTests.Family.RSA, () -> false),
                    new SelfTests.Check("never reached", SelfTests.Family.RSA, () -> true))))
        .isEqualTo("always wrong");
    assertThat(
            SelfTests.firstFailure(
                List.of(
                    new SelfTests.Check(
                        "throws",
                        SelfTests.Family.HMAC,
                        () -> {
                          throw new IllegalStateException("broken build");
                        }))))
        .isEqualTo("throws");
  }
}
