package dev.serverlesskms.functions.apigw;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireResponse;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The KMS wire endpoint on Lambda: behind an API Gateway HTTP API whose route uses IAM
 * authorization, so API Gateway has verified the caller's SigV4 signature and put the caller in the
 * request context. From there it dispatches exactly as the local server does.
 */
public class HttpApiKmsFunction {
  @Inject WireDispatcher dispatcher;
  @Inject KmsConfig config;

  @Funq("KmsApi")
  public HttpApiResponse handle(HttpApiRequest request) {
    String requestId =
        request.requestContext() != null && request.requestContext().requestId() != null
            ? request.requestContext().requestId()
            : UUID.randomUUID().toString();
    String target = request.header("x-amz-target");
    HttpApiRequest.Http http =
        request.requestContext() == null ? null : request.requestContext().http();
    String sourceIp = http == null ? null : http.sourceIp();
    String userAgent = http == null ? request.header("user-agent") : http.userAgent();
    Caller caller =
        request.requestContext() == null || request.requestContext().authorizer() == null
            ? null
            : IamCallers.from(request.requestContext().authorizer().iam());
    if (caller == null) {
      // The route must use AWS_IAM authorization; without an identity nothing may run.
      Caller unknown = new Caller("Unknown", null, null, config.accountId(), null);
      return toHttp(
          requestId,
          dispatcher.reject(
              WireDispatcher.operationName(target),
              new RequestContext(requestId, unknown, sourceIp, userAgent),
              KmsException.of(
                  KmsErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token")));
    }
    RequestContext context = new RequestContext(requestId, caller, sourceIp, userAgent);
    if (http != null && !"POST".equals(http.method())) {
      return toHttp(
          requestId,
          dispatcher.reject(
              WireDispatcher.operationName(target),
              context,
              KmsException.of(
                  KmsErrorType.UNKNOWN_OPERATION, "The KMS API takes POST / requests only.")));
    }
    byte[] body = body(request);
    if (body.length > config.maxRequestBytes()) {
      return toHttp(
          requestId,
          dispatcher.reject(
              WireDispatcher.operationName(target),
              context,
              KmsException.of(
                  KmsErrorType.VALIDATION,
                  "The request body is larger than the "
                      + config.maxRequestBytes()
                      + " bytes this endpoint accepts.")));
    }
    return toHttp(requestId, dispatcher.dispatch(target, body, context));
  }

  private static byte[] body(HttpApiRequest request) {
    if (request.body() == null) {
      return new byte[0];
    }
    return request.isBase64Encoded()
        ? Base64.getDecoder().decode(request.body())
        : request.body().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpApiResponse toHttp(String requestId, WireResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", WireResponse.CONTENT_TYPE);
    headers.put("x-amzn-RequestId", requestId);
    if (response.isError()) {
      headers.put("x-amzn-ErrorType", response.errorType());
    }
    return new HttpApiResponse(
        response.status(), headers, new String(response.body(), StandardCharsets.UTF_8), false);
  }
}
