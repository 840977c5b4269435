package dev.serverlesskms.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record, shaped like a CloudTrail event for KMS. One is written for every request,
 * allowed or denied, and for every action a scheduled job takes.
 *
 * <p>{@code requestParameters} and {@code responseElements} are built from explicit allow-lists per
 * operation ({@code KmsRequest#auditParameters}): they never hold plaintext, key material or data
 * keys.
 *
 * @param eventVersion CloudTrail record version ({@code 1.08})
 * @param eventTime when the request was received
 * @param eventName the KMS operation, e.g. {@code Encrypt}
 * @param eventSource {@code kms.amazonaws.com}
 * @param awsRegion this KMS's region
 * @param eventId unique per record
 * @param requestId the request id returned to the caller ({@code x-amzn-RequestId})
 * @param userIdentity who called
 * @param sourceIpAddress the caller's address, or the service name for scheduled actions
 * @param userAgent the caller's user agent, if any
 * @param requestParameters the allow-listed request members
 * @param responseElements the allow-listed response members of management calls, else {@code null}
 * @param errorCode the AWS error type, when the request failed
 * @param errorMessage the error message, when the request failed
 * @param resources the keys the request touched
 * @param readOnly whether the operation changes nothing
 * @param eventType {@code AwsApiCall} for requests, {@code AwsServiceEvent} for scheduled actions
 * @param recipientAccountId this KMS's account
 * @param additionalEventData CloudTrail's field for what the other fields do not say, or {@code
 *     null}: {@link #UNAUTHENTICATED} on the record of a request refused before or at
 *     authentication
 */
public record AuditEvent(
    String eventVersion,
    Instant eventTime,
    String eventName,
    String eventSource,
    String awsRegion,
    String eventId,
    String requestId,
    UserIdentity userIdentity,
    String sourceIpAddress,
    String userAgent,
    Map<String, Object> requestParameters,
    Map<String, Object> responseElements,
    String errorCode,
    String errorMessage,
    List<Resource> resources,
    boolean readOnly,
    String eventType,
    String recipientAccountId,
    Map<String, Object> additionalEventData) {

  /**
   * Marks a record whose {@code userIdentity} (access key id, principal) and {@code eventName} were
   * read from the request's Authorization and X-Amz-Target headers without being verified: the
   * request was refused before or at authentication, so anyone could have written them.
   */
  public static final Map<String, Object> UNAUTHENTICATED = Map.of("authenticated", false);

  public AuditEvent {
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(eventId, "eventId");
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** A record without additional event data. */
  public AuditEvent(
      String eventVersion,
      Instant eventTime,
      String eventName,
      String eventSource,
      String awsRegion,
      String eventId,
      String requestId,
      UserIdentity userIdentity,
      String sourceIpAddress,
      String userAgent,
      Map<String, Object> requestParameters,
      Map<String, Object> responseElements,
      String errorCode,
      String errorMessage,
      List<Resource> resources,
      boolean readOnly,
      String eventType,
      String recipientAccountId) {
    this(
        eventVersion,
        eventTime,
        eventName,
        eventSource,
        awsRegion,
        eventId,
        requestId,
        userIdentity,
        sourceIpAddress,
        userAgent,
        requestParameters,
        responseElements,
        errorCode,
        errorMessage,
        resources,
        readOnly,
        eventType,
        recipientAccountId,
        null);
  }

  /**
   * Who made the request.
   *
   * @param type {@code IAMUser}, {@code AssumedRole}, {@code Root} or {@code AWSService}
   * @param principalId the access key's principal, or the service name
   * @param arn the caller's ARN (for services: {@code null})
   * @param accountId the caller's account
   * @param accessKeyId the access key that signed the request, if any
   * @param invokedBy the service name for scheduled actions, else {@code null}
   */
  public record UserIdentity(
      String type,
      String principalId,
      String arn,
      String accountId,
      String accessKeyId,
      String invokedBy) {}

  /** A resource the request touched, as CloudTrail lists it ({@code AWS::KMS::Key}). */
  public record Resource(String accountId, String type, String arn) {}
}
