package dev.serverlesskms.core.audit;

import dev.serverlesskms.core.api.KmsRequest;
import dev.serverlesskms.core.api.KmsResponse;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the outcome of a request into a CloudTrail-shaped {@link AuditEvent}: handed to the sink at
 * once ({@link #record}), or composed ahead of a change ({@link #event}) to be committed with it.
 */
public final class AuditRecorder {
  private static final String EVENT_SOURCE = "kms.amazonaws.com";

  private final AuditSink sink;
  private final KmsLocation location;

  public AuditRecorder(AuditSink sink, KmsLocation location) {
    this.sink = sink;
    this.location = location;
  }

  /** What happened: the request members, the response (on success) or the error (on failure). */
  public record Outcome(
      String eventName,
      boolean readOnly,
      Instant eventTime,
      KmsRequest request,
      KmsResponse response,
      KmsException error,
      List<String> keyArns) {}

  /** The sink records go to. */
  public AuditSink sink() {
    return sink;
  }

  /**
   * @return the record the sink took (its eventID is what GetKeyLastUsage reports of a use)
   * @throws dev.serverlesskms.core.audit.AuditUnavailableException if the sink did not take it
   */
  public AuditEvent record(RequestContext context, Outcome outcome) {
    AuditEvent event = event(context, outcome, UUID.randomUUID().toString());
    sink.record(event);
    return event;
  }

  /** The record of {@code outcome}, with the given event id, handed to no one. */
  public AuditEvent event(RequestContext context, Outcome outcome, String eventId) {
    Map<String, Object> parameters =
        outcome.request() == null ? null : outcome.request().auditParameters();
    Map<String, Object> responseElements =
        outcome.response() == null ? null : outcome.response().auditResponseElements();
    Caller caller = context.caller();
    boolean service = "AWSService".equals(caller.type());
    return new AuditEvent(
        "1.08",
        outcome.eventTime(),
        outcome.eventName(),
        EVENT_SOURCE,
        location.region(),
        eventId,
        context.requestId(),
        new AuditEvent.UserIdentity(
            caller.type(),
            caller.principalId(),
            caller.arn(),
            caller.accountId(),
            caller.accessKeyId(),
            service ? EVENT_SOURCE : null),
        context.sourceIpAddress(),
        context.userAgent(),
        parameters,
        responseElements,
        outcome.error() == null ? null : outcome.error().type().wireName(),
        outcome.error() == null ? null : outcome.error().getMessage(),
        outcome.keyArns().stream()
            .map(arn -> new AuditEvent.Resource(location.accountId(), "AWS::KMS::Key", arn))
            .toList(),
        outcome.readOnly(),
        service ? "AwsServiceEvent" : "AwsApiCall",
        location.accountId(),
        caller.verified() ? null : AuditEvent.UNAUTHENTICATED);
  }
}
