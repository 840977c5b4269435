package dev.serverlesskms.core.model;

import java.time.Duration;
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
  public static final int MIN_PERIOD_DAYS = 90;
  public static final int MAX_PERIOD_DAYS = 2560;
  public static final int MAX_ON_DEMAND_ROTATIONS = 25;

  /** AWS refuses an on-demand rotation this close to an automatic one. */
  public static final Duration AUTOMATIC_ROTATION_GUARD = Duration.ofMinutes(20);

  public static RotationSchedule disabled() {
    return new RotationSchedule(false, null, null, null, 0);
  }

  /** Whether the automatic rotation is due at {@code now}. */
  boolean automaticRotationDue(Instant now) {
    return enabled && nextRotationDate != null && !nextRotationDate.isAfter(now);
  }

  /**
   * Whether an automatic rotation is due within {@link #AUTOMATIC_ROTATION_GUARD} of {@code now}.
   */
  boolean automaticRotationImminent(Instant now) {
    return automaticRotationDue(now.plus(AUTOMATIC_ROTATION_GUARD));
  }

  RotationSchedule withAutomatic(boolean on, int period, Instant next) {
    return new RotationSchedule(on, period, next, onDemandRotationStartDate, onDemandRotations);
  }

  RotationSchedule withoutAutomatic() {
    return new RotationSchedule(
        false, periodInDays, null, onDemandRotationStartDate, onDemandRotations);
  }

  RotationSchedule afterAutomaticRotation(Instant now) {
    return new RotationSchedule(
        true,
        periodInDays,
        now.plus(Duration.ofDays(periodInDays)),
        onDemandRotationStartDate,
        onDemandRotations);
  }

  RotationSchedule afterOnDemandRotation(Instant now) {
    return new RotationSchedule(
        enabled, periodInDays, nextRotationDate, now, onDemandRotations + 1);
  }
}
