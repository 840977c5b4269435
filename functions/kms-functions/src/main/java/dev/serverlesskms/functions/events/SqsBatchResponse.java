package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * SQS partial batch response: the messages that failed and must be retried (the event source mapping
 * has {@code FunctionResponseTypes: [ReportBatchItemFailures]}); the others are deleted from the queue.
 */
public record SqsBatchResponse(@JsonProperty("batchItemFailures") List<ItemFailure> batchItemFailures) {

  public record ItemFailure(@JsonProperty("itemIdentifier") String itemIdentifier) {}
}
