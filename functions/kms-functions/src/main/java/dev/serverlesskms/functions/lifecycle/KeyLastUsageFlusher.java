package dev.serverlesskms.functions.lifecycle;

import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.usage.KeyLastUsageTracker;
import dev.serverlesskms.functions.config.KmsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Saves the last uses of keys that the KMS holds in memory ({@link KeyLastUsageTracker}): in the
 * local server on a timer ({@code kms.key-last-usage.flush-interval}), so that uses are saved while
 * the server is idle too, and, everywhere, when the application shuts down (the local server on
 * SIGTERM or Ctrl-C; a Lambda instance only if its runtime delivers a shutdown, which it does not
 * promise). Without a timer, a Lambda instance saves after a request once the interval has passed
 * ({@link Kms#invoke}).
 */
@ApplicationScoped
public class KeyLastUsageFlusher {
  private static final Logger LOG = Logger.getLogger(KeyLastUsageFlusher.class);

  @Inject KmsConfig config;
  @Inject Kms kms;

  @Scheduled(
      every = "${kms.key-last-usage.flush-interval}",
      delayed = "${kms.key-last-usage.flush-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onTimer() {
    if (config.local().enabled()) {
      flush("timer");
    }
  }

  /** Before the key store closes: Quarkus destroys beans after the shutdown event. */
  void onShutdown(@Observes ShutdownEvent event) {
    flush("shutdown");
  }

  private void flush(String when) {
    KeyLastUsageTracker.FlushResult result = kms.keyLastUsage().flush();
    if (result.kept() > 0) {
      LOG.warnf(
          "key last usage (%s): saved %d, could not save %d", when, result.saved(), result.kept());
    } else if (result.saved() > 0) {
      LOG.infof("key last usage (%s): saved %d key(s), done", when, result.saved());
    }
  }
}
