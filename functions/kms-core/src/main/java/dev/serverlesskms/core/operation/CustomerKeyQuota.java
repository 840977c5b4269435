package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.core.port.QuotaExceededException;

/**
 * The account's quota of customer managed keys per region ({@code env.quotas()}), as every
 * operation that creates a customer managed key applies it: CreateKey, and ReplicateKey in the
 * replica's region. The store decides atomically with the write ({@link
 * dev.serverlesskms.core.port.KeyStore#create(KmsKey, OutboxRecord, long)}); a refusal is AWS's
 * LimitExceededException. AWS managed keys do not count and are not created through here.
 */
public final class CustomerKeyQuota {
  private CustomerKeyQuota() {}

  /**
   * Creates {@code key} with its audit record in {@code env}'s region, within the quota.
   *
   * @throws KmsException LimitExceededException when the region holds its quota of keys already;
   *     nothing is written
   */
  public static KmsKey create(KmsEnvironment env, KmsKey key, OutboxRecord record) {
    long quota = env.quotas().customerKeysPerRegion();
    try {
      return env.store().create(key, record, quota);
    } catch (QuotaExceededException e) {
      throw limitExceeded(quota, currentUsage(env, quota));
    }
  }

  /**
   * AWS's wording as observed in 2016 ("Key quota for this account in this region is 101 but the
   * current usage is 101.", convox/rack#347); whether AWS words it so today is not on record
   * (inferred).
   */
  static KmsException limitExceeded(long quota, long usage) {
    return KmsException.of(
        KmsErrorType.LIMIT_EXCEEDED,
        "Key quota for this account in this region is "
            + quota
            + " but the current usage is "
            + usage
            + ".");
  }

  /** The counter, read once more for the message only; the quota itself if it cannot be read. */
  private static long currentUsage(KmsEnvironment env, long quota) {
    try {
      return env.store().countCustomerKeys();
    } catch (RuntimeException e) {
      return quota;
    }
  }
}
