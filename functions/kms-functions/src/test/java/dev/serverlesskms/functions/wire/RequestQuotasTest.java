package dev.serverlesskms.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token buckets per operation and account, on a clock the test moves. */
class RequestQuotasTest {
  private static final String IMPORT = "GetParametersForImport";

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T12:00:00Z");
  private final RequestQuotas quotas =
      new RequestQuotas(Map.of(IMPORT, new RequestQuotas.Quota(0.25, 2)), clock);

  @Test
  void aBurst_thenOneRequestPerFourSeconds_asAwsQuotaOfAQuarterPerSecond() {
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();

    clock.advance(Duration.ofMillis(3_999));
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();
  }

  @Test
  void aQuietTime_refillsNoMoreThanTheBurst() {
    quotas.tryAcquire(IMPORT, "111122223333");
    quotas.tryAcquire(IMPORT, "111122223333");

    clock.advance(Duration.ofHours(1));

    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();
  }

  @Test
  void eachAccountHasItsOwnQuota_andOtherOperationsHaveNone() {
    quotas.tryAcquire(IMPORT, "111122223333");
    quotas.tryAcquire(IMPORT, "111122223333");

    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();
    assertThat(quotas.tryAcquire(IMPORT, "444455556666")).isTrue();
    for (int i = 0; i < 1_000; i++) {
      assertThat(quotas.tryAcquire("Encrypt", "111122223333")).isTrue();
    }
  }

  @Test
  void aClockSteppingBack_neitherRefillsNorFails() {
    quotas.tryAcquire(IMPORT, "111122223333");
    quotas.tryAcquire(IMPORT, "111122223333");

    clock.advance(Duration.ofSeconds(-60));
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isFalse();
    clock.advance(Duration.ofSeconds(64));
    assertThat(quotas.tryAcquire(IMPORT, "111122223333")).isTrue();
  }

  @Test
  void rateZero_isNoQuota_andABurstBelowOneIsRefused() {
    RequestQuotas off = new RequestQuotas(Map.of(IMPORT, new RequestQuotas.Quota(0, 0)), clock);
    for (int i = 0; i < 100; i++) {
      assertThat(off.tryAcquire(IMPORT, "111122223333")).isTrue();
    }
    assertThatThrownBy(() -> new RequestQuotas.Quota(0.25, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyAccounts_keepTheirCountsWhileSpent() {
    for (int account = 0; account < 12_000; account++) {
      assertThat(quotas.tryAcquire(IMPORT, "acct-" + account)).isTrue();
      assertThat(quotas.tryAcquire(IMPORT, "acct-" + account)).isTrue();
    }
    // Spent buckets are never dropped to make room: each account is still throttled.
    assertThat(quotas.tryAcquire(IMPORT, "acct-0")).isFalse();
    assertThat(quotas.tryAcquire(IMPORT, "acct-11999")).isFalse();
    // Refilled ones may be (they are the same as new): a quiet hour later, each has its burst.
    clock.advance(Duration.ofHours(1));
    for (int account = 12_000; account < 25_000; account++) {
      quotas.tryAcquire(IMPORT, "acct-" + account);
    }
    assertThat(quotas.tryAcquire(IMPORT, "acct-0")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "acct-0")).isTrue();
    assertThat(quotas.tryAcquire(IMPORT, "acct-0")).isFalse();
  }
}
