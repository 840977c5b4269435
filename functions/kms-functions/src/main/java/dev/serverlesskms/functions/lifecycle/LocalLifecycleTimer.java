package dev.serverlesskms.functions.lifecycle;

import dev.serverlesskms.core.lifecycle.KeyLifecycleJob;
import dev.serverlesskms.core.lifecycle.KeyMaterialExpiryReport;
import dev.serverlesskms.core.lifecycle.LifecycleSummary;
import dev.serverlesskms.functions.config.KmsConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * In the local server, the scheduled functions run on a timer ({@code kms.lifecycle.interval}), so
 * rotation, deletion and expiry really happen there too. In Lambda the scheduler is off and
 * EventBridge schedules invoke {@link ScheduledFunctions} instead.
 */
@ApplicationScoped
public class LocalLifecycleTimer {
  private static final Logger LOG = Logger.getLogger(LocalLifecycleTimer.class);

  @Inject KmsConfig config;
  @Inject KeyLifecycleJob lifecycle;
  @Inject KeyMaterialExpiryReport expiryReport;

  @Scheduled(
      every = "${kms.lifecycle.interval}",
      delayed = "${kms.lifecycle.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    if (!config.local().enabled()) {
      return;
    }
    LifecycleSummary summary = lifecycle.run();
    if (summary.rotated() + summary.deleted() + summary.expired() > 0 || !summary.succeeded()) {
      LOG.infof(
          "lifecycle: rotated %d, deleted %d, expired %d, failed %d",
          summary.rotated(), summary.deleted(), summary.expired(), summary.failures().size());
    }
    expiryReport.run();
  }
}
