package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireErrors;
import dev.serverlesskms.functions.wire.WireResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The KMS wire endpoint of the local server: {@code POST /} with SigV4 verified against the
 * configured credentials, then handed to the {@link WireDispatcher}. Every answer is AWS JSON 1.1
 * with an {@code x-amzn-RequestId}; every failure is an AWS error body, never a stack trace.
 */
@ApplicationScoped
public class LocalKmsEndpoint {
  @Inject KmsConfig config;
  @Inject WireDispatcher dispatcher;
  @Inject SigV4Verifier verifier;

  void route(@Observes Router router) {
    if (!config.local().enabled()) {
      return;
    }
    router
        .post("/")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()))
        .blockingHandler(this::handle, false)
        .failureHandler(this::handleFailure);
    router
        .route("/")
        .handler(
            ctx ->
                send(
                    ctx,
                    UUID.randomUUID().toString(),
                    WireErrors.of(
                        KmsException.of(
                            KmsErrorType.UNKNOWN_OPERATION,
                            "The KMS API takes POST / requests only."))));
  }

  private void handle(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    String target = ctx.request().getHeader("X-Amz-Target");
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String sourceIp =
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
    String userAgent = ctx.request().getHeader("User-Agent");
    SignedRequest signed =
        new SignedRequest(
            ctx.request().method().name(),
            ctx.request().path(),
            ctx.request().query(),
            headers(ctx),
            body);
    LocalCredentials.Credential credential;
    try {
      credential = verifier.verify(signed);
    } catch (KmsException e) {
      String accessKeyId =
          signed.header("authorization") == null
              ? null
              : SigV4Verifier.Authorization.accessKeyIdOf(signed.header("authorization"));
      Caller unknown = new Caller("Unknown", accessKeyId, null, config.accountId(), accessKeyId);
      send(
          ctx,
          requestId,
          dispatcher.reject(
              WireDispatcher.operationName(target),
              new RequestContext(requestId, unknown, sourceIp, userAgent),
              e));
      return;
    }
    Caller caller =
        new Caller(
            "IAMUser",
            credential.accessKeyId(),
            credential.principalArn(),
            config.accountId(),
            credential.accessKeyId());
    send(
        ctx,
        requestId,
        dispatcher.dispatch(
            target, body, new RequestContext(requestId, caller, sourceIp, userAgent)));
  }

  /**
   * Oversized bodies (BodyHandler fails with 413) and anything unexpected still get an AWS error
   * body.
   */
  private void handleFailure(RoutingContext ctx) {
    KmsException error =
        ctx.statusCode() == 413
            ? KmsException.of(
                KmsErrorType.VALIDATION,
                "The request body is larger than the "
                    + config.maxRequestBytes()
                    + " bytes this endpoint accepts.")
            : KmsException.internal(
                "An internal error occurred. Retry the request.", ctx.failure());
    send(ctx, UUID.randomUUID().toString(), WireErrors.of(error));
  }

  private static Map<String, List<String>> headers(RoutingContext ctx) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.request()
        .headers()
        .forEach(
            entry ->
                headers
                    .computeIfAbsent(
                        entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(entry.getValue()));
    return headers;
  }

  private static void send(RoutingContext ctx, String requestId, WireResponse response) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(response.status())
        .putHeader("Content-Type", WireResponse.CONTENT_TYPE)
        .putHeader("x-amzn-RequestId", requestId);
    if (response.isError()) {
      ctx.response().putHeader("x-amzn-ErrorType", response.errorType());
    }
    ctx.response().end(Buffer.buffer(response.body()));
  }
}
