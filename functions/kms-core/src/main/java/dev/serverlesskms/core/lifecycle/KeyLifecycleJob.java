package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.audit.AuditRelay;
import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.core.store.ChangeRecord;
import dev.serverlesskms.core.store.KeyUpdater;
import dev.serverlesskms.core.store.MultiRegionCopies;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The scheduled job that makes the key lifecycle happen: it deletes keys whose deletion date has
 * come (with their versions and aliases), expires imported material past its ValidTo, and rotates
 * keys whose automatic rotation is due.
 *
 * <p>It finds its keys through the store's due index ({@link
 * dev.serverlesskms.core.port.KeyStore#findDue}), never a scan. Each action on a key is one
 * conditional write, computed from a fresh read by the key's own intents ({@link
 * KmsKey#rotateIfDue}, {@link KmsKey#expireImportedMaterial}): a crash before the write leaves the
 * key due for the next run, a crash after it leaves the work done, and a run racing another run or
 * an operation does the work once (the loser's write fails its revision check, and the {@link
 * KeyUpdater} the operations use backs off, re-reads, and decides again on the fresh key). Keys are
 * processed independently: a failing key is reported and skipped, the others go on.
 *
 * <p>Every action commits its audit record (the service as the identity) in the same write as the
 * change (the key store's outbox), so a crash or an audit outage never leaves an action without its
 * record. The job visits every region of the store ({@link
 * dev.serverlesskms.core.port.KeyStore#regions}, a registry, no scan), each through its own view
 * and with its own region in its audit records. The job then hands the record to the sink, and at
 * the end of each run drains whatever the sink did not take, in this run or before (the {@link
 * AuditRelay}); records still pending after that are reported as a failure of the run.
 */
public final class KeyLifecycleJob {
  private static final int PAGE = 100;
  private static final System.Logger LOG = System.getLogger(KeyLifecycleJob.class.getName());

  private final KmsEnvironment env;
  private final AuditRecorder audit;
  private final AuditRelay relay;
  private final List<Duration> tokenObjectRetryPauses;

  /**
   * The waits before each new attempt to destroy a deleted key's token object: a token that refuses
   * a login for a moment gets two more chances within three seconds.
   */
  public static final List<Duration> TOKEN_OBJECT_RETRY_PAUSES =
      List.of(Duration.ofMillis(500), Duration.ofSeconds(2));

  /**
   * @param env the KMS's environment (its default region's); the job visits every region of its
   *     store ({@link dev.serverlesskms.core.port.KeyStore#regions})
   * @param audit the recorder of the default region; other regions' records go to its sink, each
   *     with its own region
   */
  public KeyLifecycleJob(KmsEnvironment env, AuditRecorder audit) {
    this(env, audit, TOKEN_OBJECT_RETRY_PAUSES);
  }

  /**
   * @param tokenObjectRetryPauses the waits before each new attempt to destroy a deleted key's
   *     token object (none: one attempt)
   */
  public KeyLifecycleJob(
      KmsEnvironment env, AuditRecorder audit, List<Duration> tokenObjectRetryPauses) {
    this.env = env;
    this.audit = audit;
    // The outbox is shared by every region: one relay drains them all.
    this.relay = new AuditRelay(env.store(), audit.sink());
    this.tokenObjectRetryPauses = List.copyOf(tokenObjectRetryPauses);
  }

  private enum Action {
    DELETE,
    EXPIRE_MATERIAL,
    ROTATE
  }

  /** Runs every due action once, in every region. */
  public LifecycleSummary run() {
    Instant now = env.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    Tally tally = new Tally();
    for (String region : regions(tally)) {
      KmsEnvironment regional = env.inRegion(region);
      new RegionRun(
              regional,
              region.equals(env.location().region())
                  ? audit
                  : new AuditRecorder(audit.sink(), regional.location()),
              region.equals(env.location().region()) ? "" : " (" + region + ")")
          .run(now, tally);
    }
    drainOutbox().ifPresent(tally.failures::add);
    return new LifecycleSummary(tally.rotated, tally.deleted, tally.expired, tally.failures);
  }

  /**
   * The regions to visit, the default one first; only the default one, with a failure line, if the
   * store cannot tell.
   */
  private List<String> regions(Tally tally) {
    String home = env.location().region();
    List<String> regions = new ArrayList<>(List.of(home));
    try {
      new TreeSet<>(env.store().regions())
          .stream().filter(r -> !r.equals(home)).forEach(regions::add);
    } catch (RuntimeException e) {
      tally.failures.add("regions: " + errorName(e));
      LOG.log(System.Logger.Level.ERROR, "listing the store's regions failed", e);
    }
    return regions;
  }

  /** What the run did so far, over all regions. */
  private static final class Tally {
    final List<String> failures = new ArrayList<>();
    int rotated;
    int deleted;
    int expired;
  }

  /** Delivers pending audit records; a line for the summary if some stay pending. */
  private Optional<String> drainOutbox() {
    try {
      return relay.drain().complete()
          ? Optional.empty()
          : Optional.of("audit outbox: records stay pending (the audit sink did not take them)");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "draining the audit outbox failed", e);
      return Optional.of("audit outbox: " + errorName(e));
    }
  }

  /** An action written, and the audit record committed with it. */
  private record Done(Action action, OutboxRecord record) {}

  /** One region's part of a run: its due keys, through its view of the store. */
  private final class RegionRun {
    private final KmsEnvironment env;
    private final AuditRecorder audit;
    private final KeyUpdater updater;
    private final MultiRegionCopies copies;
    private final TokenObjectDestruction tokenObjects;

    /** Appended to a key id in a failure line: nothing for the default region, else the region. */
    private final String where;

    RegionRun(KmsEnvironment env, AuditRecorder audit, String where) {
      this.env = env;
      this.audit = audit;
      this.updater = new KeyUpdater(env.store());
      this.copies = new MultiRegionCopies(env);
      // Custom key stores are regional: a key's store is found in the key's region.
      this.tokenObjects =
          new TokenObjectDestruction(
              env.store(),
              env.hsm(),
              tokenObjectRetryPauses,
              pause -> Thread.sleep(pause.toMillis()));
      this.where = where;
    }

    void run(Instant now, Tally tally) {
      Set<KeyId> seen = new HashSet<>();
      while (true) {
        List<KeyId> due;
        try {
          due =
              env.store().findDue(now, PAGE + seen.size()).stream()
                  .filter(id -> !seen.contains(id))
                  .toList();
        } catch (RuntimeException e) {
          if (!where.isEmpty()) {
            // Another region's outage must not keep the rest of the run from happening.
            tally.failures.add("due keys" + where + ": " + errorName(e));
            LOG.log(System.Logger.Level.ERROR, "due keys" + where + " not read", e);
            return;
          }
          throw e;
        }
        if (due.isEmpty()) {
          return;
        }
        for (KeyId keyId : due) {
          seen.add(keyId);
          try {
            Optional<Action> done = process(keyId, now);
            if (done.isPresent()) {
              switch (done.get()) {
                case DELETE -> tally.deleted++;
                case EXPIRE_MATERIAL -> tally.expired++;
                case ROTATE -> tally.rotated++;
              }
              // One readable line per action: key, action, result (never material).
              LOG.log(
                  System.Logger.Level.INFO,
                  "key " + keyId + where + ": " + actionName(done.get()) + ", done");
            }
          } catch (RuntimeException e) {
            tally.failures.add(keyId + where + ": " + errorName(e));
            LOG.log(
                System.Logger.Level.ERROR,
                "lifecycle action on key " + keyId + where + " failed",
                e);
          }
        }
      }
    }

    /**
     * Applies the one action due on a key, re-reading and re-deciding on a lost race (with the
     * operations' backoff); empty if nothing is due any more.
     */
    private Optional<Action> process(KeyId keyId, Instant now) {
      Optional<Done> done =
          updater.retryOnConflict(() -> env.store().find(keyId).flatMap(key -> act(key, now)));
      done.ifPresent(d -> relay.deliver(d.record()));
      return done.map(Done::action);
    }

    /**
     * One attempt: the action due on {@code key}, as one conditional write. Deletion comes first (a
     * key about to be deleted is not rotated), then expiry of imported material, then rotation.
     *
     * @throws dev.serverlesskms.core.port.StoreConflictException if the key changed since it was
     *     read
     */
    private Optional<Done> act(KmsKey key, Instant now) {
      if (key.deletionDue(now)) {
        OutboxRecord record = record(Action.DELETE, key, now);
        env.store().delete(key.keyId(), key.revision(), record);
        tokenObjects.destroy(key);
        // A deleted replica leaves every other copy's configuration; its primary, if pending
        // replica deletion and this was its last replica, starts its own deletion window.
        copies.forgetReplica(key, now, syncRecord(now));
        return Optional.of(new Done(Action.DELETE, record));
      }
      KmsKey expired = key.expireImportedMaterial(now);
      if (expired != key) {
        OutboxRecord record = record(Action.EXPIRE_MATERIAL, key, now);
        env.store().update(expired, record);
        return Optional.of(new Done(Action.EXPIRE_MATERIAL, record));
      }
      KmsKey rotated = key.rotateIfDue(now, env.enclave()::generateKeyVersion);
      if (rotated != key) {
        OutboxRecord record = record(Action.ROTATE, key, now);
        KmsKey stored = env.store().update(rotated, record);
        // A multi-Region primary's new version reaches its replicas (they never rotate
        // themselves).
        copies.syncReplicas(stored, syncRecord(now));
        return Optional.of(new Done(Action.ROTATE, record));
      }
      return Optional.empty();
    }

    /** The audit record of {@code action} on {@code key}, committed with the action's write. */
    private OutboxRecord record(Action action, KmsKey key, Instant now) {
      return OutboxRecord.of(
          audit.event(
              serviceContext(),
              new AuditRecorder.Outcome(
                  eventName(action),
                  false,
                  now,
                  new ScheduledAction(key.keyId().value()),
                  null,
                  null,
                  List.of(key.arn())),
              UUID.randomUUID().toString()));
    }

    private RequestContext serviceContext() {
      return new RequestContext(
          UUID.randomUUID().toString(),
          Caller.service(env.location().accountId()),
          "kms.amazonaws.com",
          "kms.amazonaws.com",
          env.location().region());
    }

    /**
     * The records of the copies of a multi-Region key the job changes to follow another, each
     * delivered once committed with its change.
     */
    private ChangeRecord syncRecord(Instant now) {
      return new ChangeRecord() {
        @Override
        public OutboxRecord of(KmsKey changed) {
          return OutboxRecord.of(
              audit.event(
                  serviceContext(),
                  new AuditRecorder.Outcome(
                      MultiRegionCopies.EVENT,
                      false,
                      now,
                      new ScheduledAction(changed.keyId().value()),
                      null,
                      null,
                      List.of(changed.arn())),
                  UUID.randomUUID().toString()));
        }

        @Override
        public void committed(OutboxRecord record) {
          relay.deliver(record);
        }
      };
    }
  }

  /** The AWS error type of a KMS error, else the exception's class (never its message). */
  private static String errorName(RuntimeException e) {
    return e instanceof KmsException kms ? kms.type().wireName() : e.getClass().getSimpleName();
  }

  /** CloudTrail's names for these service events. */
  private static String eventName(Action action) {
    return switch (action) {
      case DELETE -> "DeleteKey";
      case EXPIRE_MATERIAL -> "DeleteExpiredKeyMaterial";
      case ROTATE -> "RotateKey";
    };
  }

  private static String actionName(Action action) {
    return switch (action) {
      case DELETE -> "deleted (scheduled deletion)";
      case EXPIRE_MATERIAL -> "imported material expired";
      case ROTATE -> "rotated (automatic rotation)";
    };
  }
}
