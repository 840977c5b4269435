package dev.serverlesskms.functions.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.operation.OperationBinding;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The KMS wire protocol (AWS JSON 1.1, {@code POST /} with {@code X-Amz-Target:
 * TrentService.<Operation>}) over the {@link Kms} facade. Transport-neutral: the local HTTP server
 * and the API Gateway function only translate to and from {@link WireRequest} and {@link
 * WireResponse}, so both answer and audit alike.
 *
 * <p>A request passes these checks in order; the first it fails answers it: route ({@code POST /}
 * only), body size, authentication, {@code X-Amz-Target}, request quota ({@link RequestQuotas}),
 * JSON body; then the operation runs.
 *
 * <p>Every request is audited exactly once, whatever is wrong with it: by the facade when it
 * reaches an operation, here when it is refused before. A request refused before it is
 * authenticated is recorded under the identity it claims.
 *
 * <p>Each request runs in the region its transport assigns it ({@link Authenticator#region}).
 */
public final class WireDispatcher {
  public static final String TARGET_PREFIX = "TrentService.";
  private static final System.Logger LOG = System.getLogger(WireDispatcher.class.getName());

  private final Kms kms;
  private final ObjectMapper mapper;
  private final RequestBodyReader reader;
  private final int maxBodyBytes;
  private final RequestQuotas quotas;

  /**
   * @param maxBodyBytes the largest body accepted; larger ones are refused with a
   *     ValidationException
   * @param quotas the request quotas; requests past them are refused with a ThrottlingException
   */
  public WireDispatcher(Kms kms, ObjectMapper mapper, int maxBodyBytes, RequestQuotas quotas) {
    this.kms = kms;
    this.mapper = mapper;
    this.reader = new RequestBodyReader(mapper);
    this.maxBodyBytes = maxBodyBytes;
    this.quotas = quotas;
  }

  /** A dispatcher without request quotas. */
  public WireDispatcher(Kms kms, ObjectMapper mapper, int maxBodyBytes) {
    this(kms, mapper, maxBodyBytes, RequestQuotas.none());
  }

  /** The largest body accepted: transports read no further (see {@link BodyCollector}). */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The operation an {@code X-Amz-Target} names, for audit records of refused requests. */
  public static String operationName(String target) {
    if (target == null || target.isEmpty()) {
      return "Unknown";
    }
    // The header is the client's: cut short like every echoed value, for the record's eventName.
    return Validation.echo(
        target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target);
  }

  /**
   * Answers one request.
   *
   * @param authenticator how the transport that received it identifies callers
   */
  public WireResponse dispatch(WireRequest request, Authenticator authenticator) {
    try {
      return checkAndInvoke(request, authenticator);
    } catch (RuntimeException e) {
      return failed(request, authenticator, e);
    }
  }

  /**
   * Answers a request the transport could not finish handling (a bug, or a failure of the
   * transport), with KMSInternalException and its audit record.
   */
  public WireResponse failed(WireRequest request, Authenticator authenticator, Throwable cause) {
    LOG.log(Level.ERROR, "request " + request.requestId() + " failed", cause);
    KmsException error =
        KmsException.internal("An internal error occurred. Retry the request.", cause);
    try {
      return reject(request, claimed(request, authenticator), error);
    } catch (RuntimeException auditFailure) {
      return WireErrors.of(error);
    }
  }

  /**
   * Answers a request the transport refuses itself (say, one whose body did not arrive in time)
   * with {@code error}, audited under the identity the request claims.
   */
  public WireResponse refuse(WireRequest request, Authenticator authenticator, KmsException error) {
    try {
      return reject(request, claimed(request, authenticator), error);
    } catch (RuntimeException auditFailure) {
      LOG.log(
          Level.ERROR, "request " + request.requestId() + ": refusal not audited", auditFailure);
      return WireErrors.of(
          KmsException.internal("An internal error occurred. Retry the request.", auditFailure));
    }
  }

  private WireResponse checkAndInvoke(WireRequest request, Authenticator authenticator) {
    if (!"POST".equals(request.method()) || !"/".equals(request.path())) {
      return reject(
          request,
          claimed(request, authenticator),
          KmsException.of(
              KmsErrorType.UNKNOWN_OPERATION, "The KMS API takes POST / requests only."));
    }
    if (request.body().isDropped() || request.body().length() > maxBodyBytes) {
      return reject(
          request,
          claimed(request, authenticator),
          KmsException.of(
              KmsErrorType.VALIDATION,
              "The request body is larger than the "
                  + maxBodyBytes
                  + " bytes this endpoint accepts."));
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(request);
    } catch (KmsException e) {
      return reject(request, claimed(request, authenticator), e);
    }
    RequestContext context =
        new RequestContext(
            request.requestId(),
            caller,
            request.sourceIp(),
            request.userAgent(),
            authenticator.region(request));
    String target = request.target();
    Optional<OperationBinding<?, ?>> binding =
        target != null && target.startsWith(TARGET_PREFIX)
            ? kms.operation(target.substring(TARGET_PREFIX.length()))
            : Optional.empty();
    if (binding.isEmpty()) {
      return reject(
          operationName(target),
          context,
          KmsException.of(
              KmsErrorType.UNKNOWN_OPERATION,
              target == null
                  ? "The request has no X-Amz-Target header."
                  : "Unknown operation: "
                      + Validation.echo(target)
                      + " is not a KMS operation this service offers."));
    }
    if (!quotas.tryAcquire(binding.get().name(), caller.accountId())) {
      return reject(
          binding.get().name(),
          context,
          KmsException.of(
              KmsErrorType.THROTTLING,
              "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
                  + " calls."));
    }
    return invoke(binding.get(), request.body().bytes(), context);
  }

  private WireResponse invoke(OperationBinding<?, ?> binding, byte[] body, RequestContext context) {
    Object input;
    try {
      input = reader.read(body, binding.requestType());
    } catch (KmsException e) {
      return reject(binding.name(), context, e);
    }
    try {
      Object response = kms.invokeUnchecked(binding, input, context);
      return new WireResponse(200, mapper.writeValueAsBytes(response), null);
    } catch (KmsException e) {
      return WireErrors.of(e);
    } catch (JsonProcessingException | RuntimeException e) {
      // The facade has audited the request already; only the answer failed.
      LOG.log(Level.ERROR, "request " + context.requestId() + ": response not written", e);
      return WireErrors.of(KmsException.internal("The response could not be written.", e));
    }
  }

  private static RequestContext claimed(WireRequest request, Authenticator authenticator) {
    return new RequestContext(
        request.requestId(),
        authenticator.claimed(request),
        request.sourceIp(),
        request.userAgent(),
        authenticator.region(request));
  }

  private WireResponse reject(WireRequest request, RequestContext context, KmsException error) {
    return reject(operationName(request.target()), context, error);
  }

  /** Audits a request refused before it reached an operation, and answers with its error. */
  private WireResponse reject(String operationName, RequestContext context, KmsException error) {
    try {
      kms.recordRejected(operationName, context, error);
    } catch (KmsException auditFailure) {
      return WireErrors.of(auditFailure);
    }
    return WireErrors.of(error);
  }
}
