package dev.serverlesskms.core.store;

import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.port.KmsEnvironment;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Keeps the copies of a multi-Region key in other regions in step with a change made to one copy:
 * after the primary's write, each other copy is updated in its own region's store under optimistic
 * locking ({@link KeyUpdater}), each write with its own audit record ({@link #EVENT}, the event
 * CloudTrail shows for KMS synchronizing a multi-Region key).
 *
 * <p>The store has no transaction across regions, so copies are written one after another: the copy
 * a request names first (its write decides the request), then the others. A failure between two
 * writes leaves a copy behind; it is brought up by the next change that reaches it (every sync
 * copies the whole shared state, not a delta), and a crash is reported to the caller as the
 * request's failure, which it may retry.
 */
public final class MultiRegionCopies {
  /** The audit event of a copy changed to follow another. */
  public static final String EVENT = "SynchronizeMultiRegionKey";

  private final KmsEnvironment env;

  public MultiRegionCopies(KmsEnvironment env) {
    this.env = env;
  }

  /**
   * Brings every replica of {@code primary} (as stored after its change) up to it: versions,
   * rotation settings, configuration ({@link KmsKey#syncedWith}). A replica already in step is not
   * written; a replica that is gone is skipped.
   */
  public void syncReplicas(KmsKey primary, ChangeRecord record) {
    if (!primary.multiRegionPrimary()) {
      return;
    }
    for (String region : primary.multiRegion().replicaRegions()) {
      update(region, primary.keyId(), replica -> replica.syncedWith(primary), record);
    }
  }

  /**
   * Gives every copy of the key but the one in {@code except} the configuration {@code
   * configuration} (ReplicateKey's new replica region, UpdatePrimaryRegion's roles).
   */
  public void configure(
      KeyId keyId, MultiRegion configuration, String except, ChangeRecord record) {
    for (String region : configuration.regions()) {
      if (!region.equals(except)) {
        update(region, keyId, copy -> copy.withConfiguration(configuration), record);
      }
    }
  }

  /**
   * The replica {@code deleted} is gone: every other copy forgets it ({@link
   * KmsKey#withoutReplica}), so a primary pending replica deletion whose last replica it was starts
   * its own deletion window {@code now}.
   */
  public void forgetReplica(KmsKey deleted, Instant now, ChangeRecord record) {
    if (!deleted.multiRegionReplica()) {
      return;
    }
    String region = deleted.region();
    for (String other : deleted.multiRegion().regions()) {
      if (!other.equals(region)) {
        update(other, deleted.keyId(), copy -> copy.withoutReplica(region, now), record);
      }
    }
  }

  private void update(
      String region, KeyId keyId, UnaryOperator<KmsKey> change, ChangeRecord record) {
    new KeyUpdater(env.inRegion(region).store()).update(keyId, change, record);
  }
}
