package dev.serverlesskms.core.port;

import java.util.Map;

/** Where operational metrics go (in Lambda: CloudWatch, through the Embedded Metric Format). */
public interface MetricSink {

  /**
   * @param name the metric name, e.g. {@code SecondsUntilKeyMaterialExpiration}
   * @param value the value
   * @param unit a CloudWatch unit, e.g. {@code Seconds}
   * @param dimensions the metric's dimensions, e.g. {@code KeyId}
   */
  void record(String name, double value, String unit, Map<String, String> dimensions);
}
