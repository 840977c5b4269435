package dev.serverlesskms.core.model;

import java.time.Instant;

/**
 * Automatic rotation settings of a key.
 *
 * @param enabled whether automatic rotation is on
 * @param periodInDays 90..2560 when enabled; kept when disabled so re-enabling shows the last value
 * @param nextRotationDate when the scheduled job rotates the key next; {@code null} when disabled
 * @param onDemandRotationStartDate when the last on-demand rotation started, if any
 * @param onDemandRotations how many on-demand rotations the key has had (AWS allows 25)
 */
public record RotationSchedule(
    boolean enabled,
    Integer periodInDays,
    Instant nextRotationDate,
    Instant onDemandRotationStartDate,
    int onDemandRotations) {

  public static final int DEFAULT_PERIOD_DAYS = 365;

  public static RotationSchedule disabled() {
    return new RotationSchedule(false, null, null, null, 0);
  }
}
