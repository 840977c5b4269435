package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.MetricSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Publishes, for every key whose imported material expires within 30 days, the countdown metric
 * {@code SecondsUntilKeyMaterialExpiration} (AWS KMS publishes the same metric), so an alarm can
 * warn before the key becomes unusable. Reads keys through the due index up to 30 days ahead.
 */
public final class KeyMaterialExpiryReport {
  public static final String METRIC = "SecondsUntilKeyMaterialExpiration";
  static final Duration HORIZON = Duration.ofDays(30);
  private static final int MAX_KEYS = 10_000;

  private final KmsEnvironment env;
  private final MetricSink metrics;

  public KeyMaterialExpiryReport(KmsEnvironment env, MetricSink metrics) {
    this.env = env;
    this.metrics = metrics;
  }

  /**
   * @return how many keys were reported
   */
  public int run() {
    Instant now = env.clock().instant();
    int reported = 0;
    for (KeyId keyId : env.store().findDue(now.plus(HORIZON), MAX_KEYS)) {
      KmsKey key = env.store().find(keyId).orElse(null);
      if (key == null || !key.importedMaterialExpires()) {
        continue;
      }
      Instant validTo = key.importedMaterial().validTo();
      if (validTo.isAfter(now) && !validTo.isAfter(now.plus(HORIZON))) {
        metrics.record(
            METRIC,
            Duration.between(now, validTo).toSeconds(),
            "Seconds",
            Map.of("KeyId", key.keyId().value()));
        reported++;
      }
    }
    return reported;
  }
}
