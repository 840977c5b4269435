package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.GetKeyLastUsageRequest;
import dev.serverlesskms.core.api.GetKeyLastUsageResponse;
import dev.serverlesskms.core.api.KeyLastUsageData;
import dev.serverlesskms.core.model.KeyLastUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.usage.KeyLastUsageTracker;
import java.time.Instant;
import java.util.Optional;

/**
 * KMS {@code GetKeyLastUsage}: the last successful cryptographic operation with a key (its name,
 * time, audit event id and request id), from the newer of this instance's unsaved record ({@link
 * KeyLastUsageTracker}) and the store's.
 *
 * <p>The key is named by key id or key ARN only; an alias is NotFoundException ("Invalid keyId"),
 * as for every operation that takes no alias here. Authorization: kms:GetKeyLastUsage in the key
 * policy (no grant allows it). It answers in every key state: AWS lists no KMSInvalidStateException
 * for it. Errors: NotFoundException, AccessDeniedException (and the dispatcher's
 * DependencyTimeoutException, KMSInternalException).
 *
 * <p>{@code TrackingStartDate} is the later of the key's creation and {@link #TRACKING_START}, the
 * day this KMS began tracking: a key created before it shows no use from before it, as AWS shows
 * its launch date for older keys. {@code KeyId} answers the key id (AWS: "the globally unique
 * identifier for the KMS key"; the key id rather than its ARN is inferred).
 */
final class GetKeyLastUsageOperation
    implements KmsOperation<GetKeyLastUsageRequest, GetKeyLastUsageResponse> {
  /** The release of this KMS that began recording last uses. */
  static final Instant TRACKING_START = Instant.parse("2026-12-03T00:00:00Z");

  private final KeyResolver resolver;
  private final KeyStore store;
  private final String region;
  private final KeyLastUsageTracker tracker;

  /**
   * @param store the store's view of {@code region}, where the key's saved use is
   * @param region the region served
   */
  GetKeyLastUsageOperation(
      KeyResolver resolver, KeyStore store, String region, KeyLastUsageTracker tracker) {
    this.resolver = resolver;
    this.store = store;
    this.region = region;
    this.tracker = tracker;
  }

  @Override
  public GetKeyLastUsageResponse execute(GetKeyLastUsageRequest request, OperationContext context) {
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(key);
    Optional<KeyLastUsage> last =
        KeyLastUsageTracker.newer(
            tracker.pending(region, key.keyId()), store.findKeyLastUsage(key.keyId()));
    Instant created = key.creationDate();
    return new GetKeyLastUsageResponse(
        key.keyId().value(),
        last.map(GetKeyLastUsageOperation::data).orElse(null),
        created.isAfter(TRACKING_START) ? created : TRACKING_START,
        created);
  }

  private static KeyLastUsageData data(KeyLastUsage usage) {
    return new KeyLastUsageData(
        usage.operation(), usage.timestamp(), usage.cloudTrailEventId(), usage.kmsRequestId());
  }
}
