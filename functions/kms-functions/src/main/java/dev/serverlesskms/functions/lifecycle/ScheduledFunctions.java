package dev.serverlesskms.functions.lifecycle;

import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.KeyMaterialExpiryReport;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The functions EventBridge schedules run (sam-template.yaml), and the local server runs on a timer
 * ({@link LocalLifecycleTimer}): they carry out rotation, deletion and expiry of imported material.
 */
public class ScheduledFunctions {
  @Inject KeyLifecycleJob lifecycle;
  @Inject KeyMaterialExpiryReport expiryReport;

  /**
   * Rotates, deletes and expires every key that is due. Fails (after trying every key) if any key
   * failed.
   */
  @Funq("ProcessDueKeys")
  public LifecycleSummary processDueKeys(EventBridgeScheduledEvent event) {
    LifecycleSummary summary = lifecycle.run();
    if (!summary.succeeded()) {
      throw new LifecycleJobFailedException(summary);
    }
    return summary;
  }

  /**
   * Publishes SecondsUntilKeyMaterialExpiration for keys whose imported material expires within 30
   * days.
   */
  @Funq("ReportKeyMaterialExpiry")
  public int reportKeyMaterialExpiry(EventBridgeScheduledEvent event) {
    return expiryReport.run();
  }
}
