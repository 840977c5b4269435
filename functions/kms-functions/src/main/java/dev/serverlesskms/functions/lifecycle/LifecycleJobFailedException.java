package dev.serverlesskms.functions.lifecycle;

import dev.serverlesskms.core.lifecycle.LifecycleSummary;

/**
 * Thrown by a scheduled function after it has processed every due key, if any key failed, so the
 * Lambda invocation fails and its error alarm fires. The message names keys and error types only.
 */
public class LifecycleJobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LifecycleJobFailedException(LifecycleSummary summary) {
    super(
        summary.failures().size()
            + " key(s) failed: "
            + String.join("; ", summary.failures())
            + " (rotated "
            + summary.rotated()
            + ", deleted "
            + summary.deleted()
            + ", expired "
            + summary.expired()
            + ")");
  }
}
