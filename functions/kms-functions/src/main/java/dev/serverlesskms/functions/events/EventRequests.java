package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads {@link EncryptionEvent}s out of event payloads, and names the caller of event-triggered
 * requests: the AWS service that delivered the event, on behalf of this account.
 */
@ApplicationScoped
public class EventRequests {
  @Inject ObjectMapper mapper;
  @Inject KmsConfig config;

  /**
   * @throws KmsException SerializationException if the text is not an encryption request
   */
  public EncryptionEvent parse(String json) {
    try {
      return mapper.readValue(json == null ? "" : json, EncryptionEvent.class);
    } catch (JsonProcessingException e) {
      throw KmsException.of(
          KmsErrorType.SERIALIZATION, "The event does not carry a readable encryption request.");
    }
  }

  public EncryptionEvent parse(JsonNode detail) {
    try {
      return mapper.treeToValue(detail, EncryptionEvent.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw KmsException.of(
          KmsErrorType.SERIALIZATION, "The event does not carry a readable encryption request.");
    }
  }

  /**
   * @param service the delivering service, e.g. {@code sqs.amazonaws.com}
   * @param eventId the message or event id, used as the request id
   * @param source the queue or event source, recorded as the source address
   */
  public RequestContext context(String service, String eventId, String source) {
    return new RequestContext(
        eventId,
        new Caller("AWSService", service, null, config.accountId(), null),
        source,
        service);
  }
}
