package dev.serverlesskms.core.port;

/**
 * AWS KMS's resource quotas, as this KMS enforces them (LimitExceededException past each). AWS's
 * values are the defaults; an operator may set others (a small quota in tests, a larger one where
 * AWS would grant an increase).
 *
 * @param customerKeysPerRegion customer managed keys per account and region (AWS: 100,000; AWS
 *     managed keys do not count)
 * @param aliasesPerKey aliases per KMS key (AWS: 50)
 * @param grantsPerKey grants per KMS key (AWS: 50,000)
 */
public record ResourceQuotas(long customerKeysPerRegion, int aliasesPerKey, int grantsPerKey) {
  /** AWS's default quotas. */
  public static final ResourceQuotas AWS_DEFAULTS = new ResourceQuotas(100_000, 50, 50_000);

  public ResourceQuotas {
    if (customerKeysPerRegion < 1 || aliasesPerKey < 1 || grantsPerKey < 1) {
      throw new IllegalArgumentException("every quota is at least 1");
    }
  }
}
