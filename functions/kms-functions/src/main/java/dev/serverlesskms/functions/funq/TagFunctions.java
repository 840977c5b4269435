package dev.serverlesskms.functions.funq;

import dev.serverlesskms.core.api.*;
import dev.serverlesskms.core.operation.Kms;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * Tags. One Funqy function per KMS operation, named as the operation; each deployed as its own
 * Lambda.
 */
public class TagFunctions {
  @Inject Kms kms;
  @Inject DirectInvocation invocation;

  @Funq("TagResource")
  public EmptyResponse tagResource(TagResourceRequest request) {
    return kms.invoke(kms.tagResource, request, invocation.context());
  }

  @Funq("UntagResource")
  public EmptyResponse untagResource(UntagResourceRequest request) {
    return kms.invoke(kms.untagResource, request, invocation.context());
  }

  @Funq("ListResourceTags")
  public ListResourceTagsResponse listResourceTags(ListResourceTagsRequest request) {
    return kms.invoke(kms.listResourceTags, request, invocation.context());
  }
}
