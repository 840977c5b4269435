package dev.serverlesskms.functions.wire;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request quotas per operation and account, as AWS KMS has them: past its rate, an operation is
 * answered with ThrottlingException. Only operations that cost enough to tie up the server carry
 * one; GetParametersForImport, which generates an RSA key pair (about 2 s of CPU for RSA_4096), is
 * limited as in AWS (0.25 per second per account).
 *
 * <p>Each operation and account has a token bucket: it holds up to {@code burst} requests and
 * refills at {@code perSecond}. The buckets live in this process: a Lambda function's instances
 * count separately, so there the function's concurrency bounds the total.
 */
public final class RequestQuotas {
  /** Full buckets are dropped past this many (a full bucket is the same as a new one). */
  private static final int MAX_BUCKETS = 10_000;

  /**
   * @param perSecond the sustained rate; {@code 0} or less: no quota
   * @param burst how many requests may come at once after a quiet time (at least 1)
   */
  public record Quota(double perSecond, int burst) {
    public Quota {
      if (perSecond > 0 && burst < 1) {
        throw new IllegalArgumentException("a quota's burst is at least 1, not " + burst);
      }
      if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("a quota's rate is a finite number");
      }
    }

    boolean limits() {
      return perSecond > 0;
    }
  }

  private final Map<String, Quota> byOperation;
  private final InstantSource clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile int pruneAt = MAX_BUCKETS;

  /**
   * @param byOperation the quota of each limited operation, by operation name
   */
  public RequestQuotas(Map<String, Quota> byOperation, InstantSource clock) {
    this.byOperation = Map.copyOf(byOperation);
    this.clock = clock;
  }

  /** No operation is limited. */
  public static RequestQuotas none() {
    return new RequestQuotas(Map.of(), InstantSource.system());
  }

  /**
   * Takes one request from the operation's quota for the account.
   *
   * @return {@code false} when the quota is spent: the request must be throttled
   */
  public boolean tryAcquire(String operation, String accountId) {
    Quota quota = byOperation.get(operation);
    if (quota == null || !quota.limits()) {
      return true;
    }
    Instant now = clock.instant();
    if (buckets.size() > pruneAt) {
      prune(now);
    }
    return buckets
        .computeIfAbsent(operation + "\n" + accountId, key -> new Bucket(quota, now))
        .tryTake(now);
  }

  /**
   * Drops the full buckets; when too few are full, waits for twice as many before trying again, so
   * pruning costs each request a constant on average.
   */
  private synchronized void prune(Instant now) {
    if (buckets.size() > pruneAt) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
      pruneAt = Math.max(MAX_BUCKETS, 2 * buckets.size());
    }
  }

  /** One operation's quota for one account. */
  private static final class Bucket {
    private final Quota quota;
    private double tokens;
    private Instant refilledAt;

    Bucket(Quota quota, Instant now) {
      this.quota = quota;
      this.tokens = quota.burst();
      this.refilledAt = now;
    }

    synchronized boolean tryTake(Instant now) {
      refill(now);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean isFull(Instant now) {
      refill(now);
      return tokens >= quota.burst();
    }

    /** A clock that steps back adds nothing (and takes nothing). */
    private void refill(Instant now) {
      if (now.isAfter(refilledAt)) {
        double seconds = (now.toEpochMilli() - refilledAt.toEpochMilli()) / 1000.0;
        tokens = Math.min(quota.burst(), tokens + seconds * quota.perSecond());
        refilledAt = now;
      }
    }
  }
}
