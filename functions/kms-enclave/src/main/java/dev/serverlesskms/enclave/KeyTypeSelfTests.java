package dev.serverlesskms.enclave;

import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.crypto.AsymmetricSpec;
import dev.serverlesskms.crypto.SelfTests;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kms-crypto's self-tests of each key-type family (HMAC, RSA, NIST curves, secp256k1, Ed25519,
 * ML-DSA), run in this enclave before the family's first use, as FIPS 140-3 allows for an
 * algorithm's self-test, rather than at power-on: at start, in a cold JVM, they cost about a second
 * (class loading and the first RSA, EC and ML-DSA operations; measured in SelfTestTest), which
 * every Lambda of every operation would pay, while most functions never use most families. A family
 * whose checks fail stays refused for the life of the enclave (IllegalStateException, a
 * KMSInternalException for the caller); the others keep working. Thread-safe.
 */
final class KeyTypeSelfTests {
  private final List<SelfTests.Check> checks;
  // family -> null while not run, "" once passed, the failed check's name otherwise
  private final Map<SelfTests.Family, String> results = new EnumMap<>(SelfTests.Family.class);

  KeyTypeSelfTests() {
    this(SelfTests.CHECKS);
  }

  /** With other checks than kms-crypto's (tests of the refusal). */
  KeyTypeSelfTests(List<SelfTests.Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** Runs the checks of {@code spec}'s family unless they already ran; nothing for symmetric. */
  void require(KeySpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec == KeySpec.SYMMETRIC_DEFAULT || !spec.offered()) {
      return; // symmetric: power-on tested; SM2: refused where it is used
    }
    require(
        spec.isHmac()
            ? SelfTests.Family.HMAC
            : SelfTests.Family.of(AsymmetricSpec.valueOf(spec.name())));
  }

  /**
   * @throws IllegalStateException if a check of {@code family} failed, now or before
   */
  synchronized void require(SelfTests.Family family) {
    String result = results.get(family);
    if (result == null) {
      List<SelfTests.Check> ofFamily =
          checks.stream().filter(check -> check.family() == family).toList();
      String failure = SelfTests.firstFailure(ofFamily);
      result = failure == null ? "" : failure;
      results.put(family, result);
    }
    if (!result.isEmpty()) {
      throw new IllegalStateException(
          "self-test failed: " + result + "; this enclave does not use " + family + " keys");
    }
  }
}
