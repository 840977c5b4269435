package dev.serverlesskms.functions.snapstart;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * SnapStart's checkpoint and restore hooks (org.crac, which Lambda's Java runtime calls). Before
 * the snapshot: the hot path is primed ({@link HotPathPrimer}) against a throw-away KMS, so a
 * restored instance answers its first Encrypt with loaded classes and warm crypto objects. After
 * restore: nothing needs re-seeding, see {@link #afterRestore}.
 *
 * <p>Registered only where Lambda takes a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE} is
 * {@code snap-start}): locally and in tests there is no checkpoint to prepare for.
 */
@Startup
@ApplicationScoped
public class SnapStartPriming implements Resource {
  private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

  @PostConstruct
  void register() {
    if ("snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
      // The global context keeps the resource; this bean lives as long as the application.
      Core.getGlobalContext().register(this);
    }
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long start = System.nanoTime();
    int verified = HotPathPrimer.prime(HotPathPrimer.DEFAULT_ROUNDS);
    LOG.infof(
        "SnapStart priming: %d of %d rounds verified in %d ms",
        verified, HotPathPrimer.DEFAULT_ROUNDS, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Restored instances share the snapshot's memory, so any random state in it is shared too. The
   * enclave's and the data keys' randomness comes from {@code new SecureRandom()}, which on Linux
   * is NativePRNG: every {@code nextBytes} mixes fresh bytes read from /dev/urandom into its
   * output, so two instances restored from one snapshot draw different IVs and keys without a
   * re-seed (and Lambda's Java runtime reseeds it on restore as well). A different default would
   * break that, so it is reported here rather than assumed.
   */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    String algorithm = new SecureRandom().getAlgorithm();
    if (!algorithm.startsWith("NativePRNG")) {
      LOG.warnf(
          "SecureRandom is %s, not NativePRNG: restored instances may share random state",
          algorithm);
    }
  }
}
