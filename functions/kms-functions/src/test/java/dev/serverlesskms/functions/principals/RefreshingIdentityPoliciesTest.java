package dev.serverlesskms.functions.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When the principals document of a deployment is read again, and what happens when it cannot. */
class RefreshingIdentityPoliciesTest {
  private static final Duration REFRESH = Duration.ofSeconds(60);
  private static final Duration MAX_AGE = Duration.ofMinutes(10);
  private static final Caller ALICE =
      Identity.of("arn:aws:iam::111122223333:user/alice", null).caller("AKID");

  private final MovingClock clock = new MovingClock();
  private final Reads reads = new Reads();

  @Test
  void readsOnceWhenMade_thenOncePerRefreshPeriod_whateverTheRequestRate() {
    RefreshingIdentityPolicies policies =
        new RefreshingIdentityPolicies(reads, clock, REFRESH, MAX_AGE);
    assertThat(reads.count).isEqualTo(1);

    for (int second = 0; second < 180; second++) {
      policies.of(ALICE);
      policies.of(ALICE);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(reads.count).isEqualTo(1 + 2);
  }

  @Test
  void firstReadFailing_failsTheStart() {
    reads.failing = true;

    assertThatThrownBy(() -> new RefreshingIdentityPolicies(reads, clock, REFRESH, MAX_AGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unreachable");
  }

  @Test
  void failedRead_keepsTheLastDocument_retriesOncePerPeriod_andRecovers() {
    RefreshingIdentityPolicies policies =
        new RefreshingIdentityPolicies(reads, clock, REFRESH, MAX_AGE);
    reads.failing = true;

    clock.advance(REFRESH);
    assertThat(policies.of(ALICE)).isEmpty();
    assertThat(policies.of(ALICE)).isEmpty();
    assertThat(reads.count).isEqualTo(2);
    clock.advance(REFRESH);
    policies.of(ALICE);
    assertThat(reads.count).isEqualTo(3);

    reads.failing = false;
    clock.advance(REFRESH);
    policies.of(ALICE);
    clock.advance(REFRESH.minusSeconds(1));
    policies.of(ALICE);
    assertThat(reads.count).isEqualTo(4);
  }

  @Test
  void documentOlderThanMaxAge_isNoLongerTrusted_untilARead_succeeds() {
    RefreshingIdentityPolicies policies =
        new RefreshingIdentityPolicies(reads, clock, REFRESH, MAX_AGE);
    reads.failing = true;

    clock.advance(MAX_AGE);
    assertThat(policies.of(ALICE)).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> policies.of(ALICE))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> assertThat(e.type().wireName()).isEqualTo("DependencyTimeoutException"));

    reads.failing = false;
    clock.advance(REFRESH);
    assertThat(policies.of(ALICE)).isEmpty();
  }

  @Test
  void changedDocument_takesEffectWithinOneRefreshPeriod() {
    reads.document =
        """
        {"principals": [{"arn": "arn:aws:iam::111122223333:user/alice",
          "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]}]}
        """;
    RefreshingIdentityPolicies policies =
        new RefreshingIdentityPolicies(reads, clock, REFRESH, MAX_AGE);
    assertThat(policies.of(ALICE)).hasSize(1);

    reads.document = "{\"principals\": []}";
    clock.advance(REFRESH.minusSeconds(1));
    assertThat(policies.of(ALICE)).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(policies.of(ALICE)).isEmpty();
  }

  /** Reads of a document that count themselves, and fail on demand. */
  private static final class Reads implements Supplier<List<Principal>> {
    int count;
    boolean failing;
    String document = "{\"principals\": []}";

    @Override
    public List<Principal> get() {
      count++;
      if (failing) {
        throw new IllegalStateException("unreachable");
      }
      return PrincipalsDocument.parse(document, PrincipalsDocument.Keys.FORBIDDEN, "test");
    }
  }

  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
