package dev.serverlesskms.functions.principals;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.core.request.Caller;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Identity policies from a principals document that lives elsewhere (a deployment's secret): read
 * once when made, so a function whose document is missing or malformed fails its init, then used
 * for {@code refresh} and read again on the first request after that. One read per refresh period
 * per function instance, whatever the request rate.
 *
 * <p>When a read fails (the store unreachable, a malformed document put there) the last document
 * stays in use and the next read is tried one refresh period later; a policy change is then late,
 * not lost. A document older than {@code maxAge} is no longer trusted: asking for identity policies
 * then fails with DependencyTimeoutException, so a removed Allow or an added Deny cannot go unseen
 * for long. Account roots never ask (IAM policies do not restrict them).
 */
public final class RefreshingIdentityPolicies implements IdentityPolicies, AutoCloseable {
  private static final System.Logger LOG =
      System.getLogger(RefreshingIdentityPolicies.class.getName());

  private final Supplier<? extends Collection<Principal>> source;
  private final Clock clock;
  private final Duration refresh;
  private final Duration maxAge;
  private volatile Snapshot current;
  private Instant nextAttempt;

  private record Snapshot(PolicyDirectory policies, Instant readAt) {}

  /**
   * @param source reads the principals; its exceptions' messages must never hold secrets
   * @param refresh how long a document is used before it is read again
   * @param maxAge how old the document in use may grow while reads fail
   * @throws RuntimeException whatever the first read throws
   */
  public RefreshingIdentityPolicies(
      Supplier<? extends Collection<Principal>> source,
      Clock clock,
      Duration refresh,
      Duration maxAge) {
    this.source = source;
    this.clock = clock;
    this.refresh = refresh;
    this.maxAge = maxAge;
    Instant now = clock.instant();
    this.current = new Snapshot(PolicyDirectory.from(source.get()), now);
    this.nextAttempt = now.plus(refresh);
  }

  @Override
  public List<PolicyDocument> of(Caller caller) {
    return snapshot().policies().of(caller);
  }

  /** Closes the source, if it holds resources (a client). */
  @Override
  public void close() {
    if (source instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the principals source", e);
      }
    }
  }

  private Snapshot snapshot() {
    Instant now = clock.instant();
    Snapshot snapshot = current;
    if (now.isBefore(snapshot.readAt().plus(refresh))) {
      return snapshot;
    }
    synchronized (this) {
      if (!now.isBefore(nextAttempt)) {
        nextAttempt = now.plus(refresh);
        try {
          current = new Snapshot(PolicyDirectory.from(source.get()), clock.instant());
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "cannot read the principals again; the document read at "
                  + current.readAt()
                  + " stays in use: "
                  + e.getMessage());
        }
      }
      snapshot = current;
    }
    if (now.isAfter(snapshot.readAt().plus(maxAge))) {
      throw KmsException.of(
          KmsErrorType.DEPENDENCY_TIMEOUT,
          "The identity policies of callers could not be read for too long; try again later.");
    }
    return snapshot;
  }
}
