package dev.serverlesskms.functions.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.principals.Identity;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Reads {@link EncryptionEvent}s out of event payloads, and names the caller of event-triggered
 * requests: the principal configured as {@code kms.events.principal-arn} (default: the root of the
 * KMS's account), authorized like any caller, its identity policies from the principals document.
 * Whoever could put the event on the queue or the bus was decided by IAM there; the delivering
 * service is recorded as the request's user agent, the queue or source as its source.
 */
@Startup
@ApplicationScoped
public class EventRequests {
  @Inject ObjectMapper mapper;
  @Inject KmsConfig config;

  private Caller caller;

  /** Reads the principal at start, so a malformed ARN fails the function's init. */
  @PostConstruct
  void init() {
    caller = callerOf(config.events().principalArn(), config.accountId());
  }

  /**
   * The caller of event-triggered requests.
   *
   * @throws IllegalStateException for an ARN that names no user, role session or account root
   */
  static Caller callerOf(Optional<String> principalArn, String accountId) {
    if (principalArn.isEmpty()) {
      return Identity.root(accountId).caller(null);
    }
    try {
      return Identity.ofCaller(principalArn.get().strip()).caller(null);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("kms.events.principal-arn " + e.getMessage());
    }
  }

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
   * The context of an event-triggered request, in the deployment's region ({@code kms.region}, the
   * function's {@code AWS::Region}): a queue or bus delivers to the functions of its own region.
   *
   * @param service the delivering service, e.g. {@code sqs.amazonaws.com}
   * @param eventId the message or event id, used as the request id
   * @param source the queue or event source, recorded as the source address
   */
  public RequestContext context(String service, String eventId, String source) {
    return new RequestContext(eventId, caller, source, service, config.region());
  }
}
