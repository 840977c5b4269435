package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.KeyListEntry;
import dev.serverlesskms.core.api.ListKeysRequest;
import dev.serverlesskms.core.api.ListKeysResponse;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.port.KeyStore;
import dev.serverlesskms.core.port.Page;

/**
 * KMS {@code ListKeys}: key ids and ARNs, Limit 1..1000 (default 100), paged by Marker.
 *
 * <p>Errors: ValidationException, InvalidMarkerException. Audit event {@code ListKeys}.
 */
final class ListKeysOperation implements KmsOperation<ListKeysRequest, ListKeysResponse> {
  private final KeyStore store;
  private final KmsLocation location;

  ListKeysOperation(KeyStore store, KmsLocation location) {
    this.store = store;
    this.location = location;
  }

  @Override
  public ListKeysResponse execute(ListKeysRequest request, OperationContext context) {
    context.authorizeAccount(context.operation(), ConditionContext.empty());
    int limit = Paging.limit(request.limit(), 100, 1000);
    String marker = Paging.marker(request.marker());
    Page<KeyId> page = Paging.list(() -> store.listKeys(marker, limit));
    return new ListKeysResponse(
        page.items().stream().map(id -> new KeyListEntry(id.value(), location.keyArn(id))).toList(),
        page.nextCursor(),
        page.truncated());
  }
}
