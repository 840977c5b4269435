package dev.serverlesskms.functions.lifecycle;

import dev.serverlesskms.core.port.MetricSink;
import dev.serverlesskms.testkit.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * For the in-process tests: the KMS clock is a {@link MutableClock} the tests move (SigV4 keeps the
 * wall clock), and metrics go through the real EMF sink into a buffer the tests read.
 */
@Singleton
public class TestClockAndMetrics {
  public static final MutableClock CLOCK =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  public static final ByteArrayOutputStream METRICS = new ByteArrayOutputStream();

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Clock clock() {
    return CLOCK;
  }

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  MetricSink metrics() {
    return new EmfMetricSink(new PrintStream(METRICS, true, StandardCharsets.UTF_8), CLOCK);
  }

  public static String metricsWritten() {
    synchronized (METRICS) {
      return METRICS.toString(StandardCharsets.UTF_8);
    }
  }
}
