package dev.serverlesskms.functions.events;

import dev.serverlesskms.core.error.KmsException;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Event-triggered encryption: requests arrive in SQS messages or EventBridge events, results go to
 * the {@link EncryptionResultSink} (a Kinesis stream in AWS).
 *
 * <p>Failure policy, per record: a well-formed request that KMS refuses (unknown key, disabled key,
 * bad context: a client error) is answered with an error result and consumed, since retrying cannot
 * help; an unreadable message, a KMS server-side error, or a result that cannot be published fails
 * the record, so SQS retries it (partial batch response) and finally moves it to its dead-letter
 * queue, and EventBridge's asynchronous invocation retries it and sends it to the function's
 * on-failure destination.
 */
public class EventEncryptionFunctions {
  private static final Logger LOG = Logger.getLogger(EventEncryptionFunctions.class);

  @Inject EventRequests requests;
  @Inject EventEncryptor encryptor;
  @Inject EncryptionResultSink results;

  @Funq("EncryptSqsMessages")
  public Map<String, List<Map<String, String>>> encryptSqsMessages(SqsEvent event) {
    List<String> failures = new ArrayList<>();
    List<SqsEvent.Message> messages =
        event == null || event.records() == null ? List.of() : event.records();
    for (SqsEvent.Message message : messages) {
      try {
        EncryptionEvent request = requests.parse(message.body());
        results.publish(
            handle(request, "sqs.amazonaws.com", message.messageId(), message.eventSourceArn()));
      } catch (RuntimeException e) {
        LOG.warnf(
            "SQS message %s failed and will be retried: %s", message.messageId(), describe(e));
        failures.add(message.messageId());
      }
    }
    return new SqsBatchResponse(failures).toLambdaResponse();
  }

  @Funq("EncryptEventBridgeEvents")
  public EncryptionResult encryptEventBridgeEvent(EventBridgeEncryptionEvent event) {
    String id = event.id() == null ? UUID.randomUUID().toString() : event.id();
    EncryptionResult result =
        handle(requests.parse(event.detail()), "events.amazonaws.com", id, event.source());
    results.publish(result);
    return result;
  }

  /**
   * Runs one request; client errors become error results, server errors propagate (the record
   * fails).
   */
  private EncryptionResult handle(
      EncryptionEvent request, String service, String eventId, String source) {
    try {
      return encryptor.encrypt(request, requests.context(service, eventId, source));
    } catch (KmsException e) {
      if (e.type().httpStatus() >= 500) {
        throw e;
      }
      return new EncryptionResult(
          request.correlationId(),
          request.operation(),
          null,
          null,
          e.type().wireName(),
          e.getMessage());
    }
  }

  private static String describe(RuntimeException e) {
    return e instanceof KmsException kms
        ? kms.type().wireName() + ": " + kms.getMessage()
        : e.getClass().getSimpleName();
  }
}
