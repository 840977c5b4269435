package dev.serverlesskms.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records every request a client sends (each HTTP attempt), so tests can assert round trips: how
 * many requests a store call made, and of which kind.
 */
final class RequestLog implements ExecutionInterceptor {
  private final List<SdkRequest> requests = new ArrayList<>();

  @Override
  public synchronized void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    requests.add(context.request());
  }

  synchronized void clear() {
    requests.clear();
  }

  synchronized List<SdkRequest> requests() {
    return List.copyOf(requests);
  }

  /** The request types, e.g. {@code [QueryRequest, TransactWriteItemsRequest]}. */
  synchronized List<String> kinds() {
    return requests.stream().map(r -> r.getClass().getSimpleName()).toList();
  }
}
