package dev.serverlesskms.functions.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.port.MetricSink;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as CloudWatch Embedded Metric Format: one JSON line per data point on standard output,
 * which Lambda ships to CloudWatch Logs, where it becomes a metric in namespace {@code
 * ServerlessKMS}. Standard output is the transport here (EMF lines must not carry a log prefix),
 * not a debug print.
 */
public final class EmfMetricSink implements MetricSink {
  static final String NAMESPACE = "ServerlessKMS";

  private final PrintStream out;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public EmfMetricSink(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void record(String name, double value, String unit, Map<String, String> dimensions) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(
        "_aws",
        Map.of(
            "Timestamp", clock.millis(),
            "CloudWatchMetrics",
                List.of(
                    Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.copyOf(dimensions.keySet())),
                        "Metrics", List.of(Map.of("Name", name, "Unit", unit))))));
    line.putAll(dimensions);
    line.put(name, value);
    try {
      String text = json.writeValueAsString(line);
      synchronized (out) {
        out.println(text);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metric " + name + " could not be written", e);
    }
  }
}
