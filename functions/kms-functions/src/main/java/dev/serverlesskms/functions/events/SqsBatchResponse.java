package dev.serverlesskms.functions.events;

import java.util.List;
import java.util.Map;

/**
 * SQS partial batch response: the messages that failed and must be retried (the event source
 * mapping has {@code FunctionResponseTypes: [ReportBatchItemFailures]}); the others are deleted
 * from the queue.
 */
public record SqsBatchResponse(List<String> failedMessageIds) {

  /**
   * The response as Lambda reads it: {@code {"batchItemFailures": [{"itemIdentifier": "<id>"}]}}. A
   * map, because these camelCase names must not follow the KMS dialect's PascalCase naming, and in
   * the Lambda binding Jackson did not honour the record's own name annotations.
   */
  public Map<String, List<Map<String, String>>> toLambdaResponse() {
    return Map.of(
        "batchItemFailures",
        failedMessageIds.stream().map(id -> Map.of("itemIdentifier", id)).toList());
  }
}
