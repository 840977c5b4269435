package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.ListResourceTagsRequest;
import dev.serverlesskms.core.api.ListResourceTagsResponse;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.api.UntagResourceRequest;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Tags;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;

/**
 * KMS {@code TagResource}, {@code UntagResource} and {@code ListResourceTags}. Key id or key ARN
 * only. Tagging refuses a key pending deletion.
 *
 * <p>Errors: ValidationException, TagException, NotFoundException, KMSInvalidStateException,
 * InvalidMarkerException.
 */
final class TagOperations {
  private final KeyResolver resolver;
  private final KeyChanges changes;

  TagOperations(KeyResolver resolver, KeyChanges changes) {
    this.resolver = resolver;
    this.changes = changes;
  }

  EmptyResponse tag(TagResourceRequest request, OperationContext context) {
    Validation.required(request.tags(), "tags");
    Tags.validate(request.tags(), "tags");
    return changes.apply(
        request.keyId(), context, key -> key.tag(request.tags()), key -> EmptyResponse.INSTANCE);
  }

  EmptyResponse untag(UntagResourceRequest request, OperationContext context) {
    Validation.required(request.tagKeys(), "tagKeys");
    for (int i = 0; i < request.tagKeys().size(); i++) {
      String tagKey = Validation.required(request.tagKeys().get(i), "tagKeys");
      Validation.length(tagKey, 1, 128, "tagKeys." + (i + 1) + ".member");
    }
    return changes.apply(
        request.keyId(),
        context,
        key -> key.untag(request.tagKeys()),
        key -> EmptyResponse.INSTANCE);
  }

  ListResourceTagsResponse list(ListResourceTagsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 50, 50);
    String marker = Paging.marker(request.marker());
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED, context.now());
    context.touched(key);
    context.authorize(key);
    int from = Paging.fromIndexMarker("tags", marker, key.tags().size());
    int to = Math.min(key.tags().size(), from + limit);
    boolean truncated = to < key.tags().size();
    return new ListResourceTagsResponse(
        key.tags().subList(from, to), truncated ? Paging.indexMarker("tags", to) : null, truncated);
  }
}
