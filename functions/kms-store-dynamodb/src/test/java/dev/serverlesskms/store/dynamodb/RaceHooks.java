package dev.serverlesskms.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Makes races happen on cue, so the tests of what the store does when it loses one are
 * deterministic: run a competing write just before the store's next transaction is sent (after the
 * store's own reads), or drop the last item of the next query response, as a query running during a
 * commit may miss it. Also fails the next transaction as the network would: before it is sent, or
 * after DynamoDB committed it (the answer lost).
 */
final class RaceHooks implements ExecutionInterceptor {
  private final AtomicReference<Runnable> beforeNextTransaction = new AtomicReference<>();
  private volatile boolean tearNextQuery;
  private volatile TransactionFault nextTransactionFault;

  /** How the next TransactWriteItems fails: never sent, or sent and its answer lost. */
  enum TransactionFault {
    NOT_SENT,
    ANSWER_LOST
  }

  /** {@code competingWrite} runs once, right before the next TransactWriteItems goes out. */
  void beforeNextTransaction(Runnable competingWrite) {
    beforeNextTransaction.set(competingWrite);
  }

  void tearNextQuery() {
    tearNextQuery = true;
  }

  /** The next TransactWriteItems fails this way (a network failure, as the SDK reports one). */
  void failNextTransaction(TransactionFault fault) {
    nextTransactionFault = fault;
  }

  void reset() {
    beforeNextTransaction.set(null);
    tearNextQuery = false;
    nextTransactionFault = null;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof TransactWriteItemsRequest) {
      Runnable write = beforeNextTransaction.getAndSet(null);
      if (write != null) {
        write.run();
      }
      if (nextTransactionFault == TransactionFault.NOT_SENT) {
        nextTransactionFault = null;
        throw SdkClientException.create("injected: connection refused");
      }
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof TransactWriteItemsRequest
        && nextTransactionFault == TransactionFault.ANSWER_LOST) {
      nextTransactionFault = null;
      throw SdkClientException.create("injected: the transaction's answer was lost");
    }
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (tearNextQuery && context.response() instanceof QueryResponse query && query.count() > 1) {
      tearNextQuery = false;
      List<Map<String, AttributeValue>> items = new ArrayList<>(query.items());
      items.remove(items.size() - 1);
      return query.toBuilder().items(items).count(items.size()).scannedCount(items.size()).build();
    }
    return context.response();
  }
}
