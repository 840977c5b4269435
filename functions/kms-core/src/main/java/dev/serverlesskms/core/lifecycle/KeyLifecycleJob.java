package dev.serverlesskms.core.lifecycle;

import dev.serverlesskms.core.audit.AuditRecorder;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.model.KeyVersionRef;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.RotationType;
import dev.serverlesskms.core.port.Enclave;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.StoreConflictException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduled job that makes the key lifecycle happen: it deletes keys whose deletion date has
 * come (with their versions and aliases), expires imported material past its ValidTo, and rotates
 * keys whose automatic rotation is due.
 *
 * <p>It finds its keys through the store's due index ({@link
 * dev.serverlesskms.core.port.KeyStore#findDue}), never a scan. Each action on a key is one
 * conditional write, computed from a fresh read: a crash before the write leaves the key due for
 * the next run, a crash after it leaves the work done, and two runs racing do the work once (the
 * loser's write fails its revision check, it re-reads, and finds the key no longer due). Keys are
 * processed independently: a failing key is reported and skipped, the others go on. Every action
 * writes an audit record with the service as the identity.
 */
public final class KeyLifecycleJob {
  private static final int PAGE = 100;
  private static final int MAX_ATTEMPTS = 8;

  private final KmsEnvironment env;
  private final AuditRecorder audit;

  public KeyLifecycleJob(KmsEnvironment env, AuditRecorder audit) {
    this.env = env;
    this.audit = audit;
  }

  private enum Action {
    DELETE,
    EXPIRE_MATERIAL,
    ROTATE
  }

  /** Runs every due action once. */
  public LifecycleSummary run() {
    Instant now = env.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    Set<KeyId> seen = new HashSet<>();
    List<String> failures = new ArrayList<>();
    int rotated = 0;
    int deleted = 0;
    int expired = 0;
    while (true) {
      List<KeyId> due =
          env.store().findDue(now, PAGE + seen.size()).stream()
              .filter(id -> !seen.contains(id))
              .toList();
      if (due.isEmpty()) {
        break;
      }
      for (KeyId keyId : due) {
        seen.add(keyId);
        try {
          Optional<Action> done = process(keyId, now);
          if (done.isPresent()) {
            switch (done.get()) {
              case DELETE -> deleted++;
              case EXPIRE_MATERIAL -> expired++;
              case ROTATE -> rotated++;
            }
          }
        } catch (RuntimeException e) {
          failures.add(keyId + ": " + e.getClass().getSimpleName());
          System.getLogger(KeyLifecycleJob.class.getName())
              .log(System.Logger.Level.ERROR, "lifecycle action on key " + keyId + " failed", e);
        }
      }
    }
    return new LifecycleSummary(rotated, deleted, expired, failures);
  }

  /**
   * Applies the one action due on a key, re-reading on a lost race; empty if nothing is due any
   * more.
   */
  private Optional<Action> process(KeyId keyId, Instant now) {
    for (int attempt = 1; ; attempt++) {
      Optional<KmsKey> found = env.store().find(keyId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      KmsKey key = found.get();
      Optional<Action> action = dueAction(key, now);
      if (action.isEmpty()) {
        return action;
      }
      try {
        switch (action.get()) {
          case DELETE -> env.store().delete(keyId, key.revision());
          case EXPIRE_MATERIAL -> env.store().update(key.withoutImportedMaterial());
          case ROTATE -> env.store().update(rotated(key, now));
        }
      } catch (StoreConflictException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        continue;
      }
      audit.record(
          serviceContext(),
          new AuditRecorder.Outcome(
              eventName(action.get()),
              false,
              now,
              new ScheduledAction(key.keyId().value()),
              null,
              null,
              List.of(key.arn())));
      return action;
    }
  }

  private static Optional<Action> dueAction(KmsKey key, Instant now) {
    if (key.state() == KeyState.PENDING_DELETION && !key.deletionDate().isAfter(now)) {
      return Optional.of(Action.DELETE);
    }
    if (key.importedMaterialExpires() && !key.importedMaterial().validTo().isAfter(now)) {
      return Optional.of(Action.EXPIRE_MATERIAL);
    }
    RotationSchedule rotation = key.rotation();
    if (key.state() == KeyState.ENABLED
        && rotation.enabled()
        && rotation.nextRotationDate() != null
        && !rotation.nextRotationDate().isAfter(now)) {
      return Optional.of(Action.ROTATE);
    }
    return Optional.empty();
  }

  private KmsKey rotated(KmsKey key, Instant now) {
    Enclave.NewKeyVersion material =
        env.enclave().generateKeyVersion(new KeyVersionRef(key.keyId(), key.versions().size() + 1));
    RotationSchedule rotation = key.rotation();
    return key
        .withNewVersion(material.material(), material.materialId(), now, RotationType.AUTOMATIC)
        .toBuilder()
        .rotation(
            new RotationSchedule(
                true,
                rotation.periodInDays(),
                now.plus(Duration.ofDays(rotation.periodInDays())),
                rotation.onDemandRotationStartDate(),
                rotation.onDemandRotations()))
        .build();
  }

  /** CloudTrail's names for these service events. */
  private static String eventName(Action action) {
    return switch (action) {
      case DELETE -> "DeleteKey";
      case EXPIRE_MATERIAL -> "DeleteExpiredKeyMaterial";
      case ROTATE -> "RotateKey";
    };
  }

  private RequestContext serviceContext() {
    return new RequestContext(
        UUID.randomUUID().toString(),
        Caller.service(env.location().accountId()),
        "kms.amazonaws.com",
        "kms.amazonaws.com");
  }
}
