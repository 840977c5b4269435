package dev.serverlesskms.core.lifecycle;

import java.util.List;

/**
 * What one run of the lifecycle job did.
 *
 * @param rotated keys rotated automatically
 * @param deleted keys deleted
 * @param expired keys whose imported material expired
 * @param failures one line per key that failed (key id and error type; never key material), and one
 *     if audit records stayed in the outbox at the end of the run
 */
public record LifecycleSummary(int rotated, int deleted, int expired, List<String> failures) {
  public LifecycleSummary {
    failures = List.copyOf(failures);
  }

  public boolean succeeded() {
    return failures.isEmpty();
  }
}
