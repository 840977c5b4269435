package dev.serverlesskms.functions.events;

/**
 * Where the results of event-triggered encryption go (in AWS: a Kinesis stream the requesters
 * read).
 */
public interface EncryptionResultSink {

  /**
   * @throws RuntimeException if the result could not be published; the request then counts as
   *     failed and its event is retried
   */
  void publish(EncryptionResult result);
}
