package dev.serverlesskms.functions.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.operation.OperationBinding;
import dev.serverlesskms.core.request.RequestContext;
import java.util.Optional;

/**
 * The KMS wire protocol (AWS JSON 1.1, {@code X-Amz-Target: TrentService.<Operation>}) over the
 * {@link Kms} facade. Transport-neutral: the local HTTP server and the API Gateway function both
 * hand it an authenticated request and send back what it returns, so they behave identically.
 *
 * <p>Every request is audited exactly once: by the facade when it reaches an operation, here when
 * it is rejected before (unknown target, unreadable body) or by the transport (authentication).
 */
public final class WireDispatcher {
  public static final String TARGET_PREFIX = "TrentService.";

  private final Kms kms;
  private final ObjectMapper mapper;
  private final RequestBodyReader reader;

  public WireDispatcher(Kms kms, ObjectMapper mapper) {
    this.kms = kms;
    this.mapper = mapper;
    this.reader = new RequestBodyReader(mapper);
  }

  /** The operation an {@code X-Amz-Target} names, for audit records of rejected requests. */
  public static String operationName(String target) {
    if (target == null || target.isEmpty()) {
      return "Unknown";
    }
    return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
  }

  /**
   * @param target the {@code X-Amz-Target} header
   * @param body the raw request body
   * @param context the authenticated caller and request id
   */
  public WireResponse dispatch(String target, byte[] body, RequestContext context) {
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
                      + target
                      + " is not a KMS operation this service offers."));
    }
    return invoke(binding.get(), body, context);
  }

  /** Audits a request rejected before it reached an operation, and answers with its error. */
  public WireResponse reject(String operationName, RequestContext context, KmsException error) {
    try {
      kms.recordRejected(operationName, context, error);
    } catch (KmsException auditFailure) {
      return WireErrors.of(auditFailure);
    }
    return WireErrors.of(error);
  }

  private WireResponse invoke(OperationBinding<?, ?> binding, byte[] body, RequestContext context) {
    Object request;
    try {
      request = reader.read(body, binding.requestType());
    } catch (KmsException e) {
      return reject(binding.name(), context, e);
    }
    try {
      Object response = kms.invokeUnchecked(binding, request, context);
      return new WireResponse(200, mapper.writeValueAsBytes(response), null);
    } catch (KmsException e) {
      return WireErrors.of(e);
    } catch (JsonProcessingException e) {
      return WireErrors.of(KmsException.internal("The response could not be written.", e));
    }
  }
}
