package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.EmptyResponse;
import dev.serverlesskms.core.api.ListResourceTagsRequest;
import dev.serverlesskms.core.api.ListResourceTagsResponse;
import dev.serverlesskms.core.api.TagResourceRequest;
import dev.serverlesskms.core.api.UntagResourceRequest;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.operation.KeyResolver.Aliases;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * KMS {@code TagResource}, {@code UntagResource} and {@code ListResourceTags}. Key id or key ARN
 * only. Tagging refuses a key pending deletion.
 *
 * <p>Errors: ValidationException, TagException, NotFoundException, KMSInvalidStateException,
 * InvalidMarkerException.
 */
final class TagOperations {
  private final KeyResolver resolver;
  private final KeyUpdater updater;

  TagOperations(KeyResolver resolver, KeyUpdater updater) {
    this.resolver = resolver;
    this.updater = updater;
  }

  EmptyResponse tag(TagResourceRequest request, OperationContext context) {
    Validation.required(request.tags(), "tags");
    TagRules.validate(request.tags(), "tags");
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey updated =
        updater.update(
            keyId,
            key -> {
              key.requireNotPendingDeletion();
              return key.toBuilder().tags(TagRules.merge(key.tags(), request.tags())).build();
            });
    context.touched(updated);
    return EmptyResponse.INSTANCE;
  }

  EmptyResponse untag(UntagResourceRequest request, OperationContext context) {
    Validation.required(request.tagKeys(), "tagKeys");
    for (int i = 0; i < request.tagKeys().size(); i++) {
      String tagKey = Validation.required(request.tagKeys().get(i), "tagKeys");
      Validation.length(tagKey, 1, 128, "tagKeys." + (i + 1) + ".member");
    }
    Set<String> removed = new HashSet<>(request.tagKeys());
    KeyId keyId = resolver.resolveId(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    KmsKey updated =
        updater.update(
            keyId,
            key -> {
              key.requireNotPendingDeletion();
              List<Tag> kept =
                  key.tags().stream().filter(t -> !removed.contains(t.tagKey())).toList();
              return kept.size() == key.tags().size() ? key : key.toBuilder().tags(kept).build();
            });
    context.touched(updated);
    return EmptyResponse.INSTANCE;
  }

  ListResourceTagsResponse list(ListResourceTagsRequest request, OperationContext context) {
    int limit = Paging.limit(request.limit(), 50, 50);
    String marker = Paging.marker(request.marker());
    KmsKey key = resolver.resolve(request.keyId(), "keyId", Aliases.NOT_ALLOWED);
    context.touched(key);
    int from = Paging.fromIndexMarker("tags", marker, key.tags().size());
    int to = Math.min(key.tags().size(), from + limit);
    boolean truncated = to < key.tags().size();
    return new ListResourceTagsResponse(
        key.tags().subList(from, to), truncated ? Paging.indexMarker("tags", to) : null, truncated);
  }
}
