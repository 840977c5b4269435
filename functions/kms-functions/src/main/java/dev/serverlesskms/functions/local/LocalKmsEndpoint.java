package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.BodyCollector;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import io.netty.buffer.Unpooled;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The KMS wire endpoint of the local server: every HTTP request that reaches it, whatever its
 * method or path, becomes a {@link WireRequest} for the {@link WireDispatcher}, which checks it
 * (SigV4 against the configured credentials), audits it and answers it. This class only translates.
 *
 * <p>The body is read here, no further than the dispatcher's limit (Quarkus' own limit is off, see
 * application.properties), so an oversized body is refused by the dispatcher with its audit record.
 */
@ApplicationScoped
public class LocalKmsEndpoint {
  /**
   * Ahead of Quarkus' HTTP security filters, which Quarkus routes at the negated priority
   * (authentication 200, authorization 100: orders -200 and -100). The local server never uses
   * them: the dispatcher checks SigV4 itself, and quarkus-security is a dependency only to register
   * Bouncy Castle. Routed after them, every request paid for an unused authentication pipeline
   * (Mutiny operators, an identity lookup); ahead of them the server used 0.77-0.92x the CPU per
   * request at 1 and 8 callers (two A/B runs, kms-benchmarks/README.md). The local server has no
   * other route, so the KMS still answers every request, whatever its method or path.
   */
  private static final int ROUTE_ORDER = -1 - SecurityHandlerPriorities.AUTHENTICATION;

  @Inject KmsConfig config;
  @Inject WireDispatcher dispatcher;
  @Inject SigV4Verifier verifier;

  private Authenticator authenticator;
  private InlineDispatchPolicy inlinePolicy = InlineDispatchPolicy.never();

  void route(@Observes Router router) {
    if (!config.local().enabled()) {
      return;
    }
    // Where the HTTP server listens, checked against the credentials it accepts.
    String bindHost =
        ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("");
    DevelopmentCredentialsGuard.check(
        bindHost,
        verifier.principals(),
        config.local().allowDevelopmentCredentialsBeyondLoopback());
    authenticator =
        new SigV4Authenticator(
            verifier, AllowedHosts.of(config.local().allowedHosts()), config.accountId());
    inlinePolicy = InlineDispatchPolicy.of(config);
    router.route().order(ROUTE_ORDER).handler(this::receive).failureHandler(this::failed);
  }

  /** Reads the body as it arrives (on the event loop), then dispatches it off the event loop. */
  private void receive(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    HttpServerRequest request = ctx.request();
    BodyCollector body = new BodyCollector(dispatcher.maxBodyBytes(), announcedLength(request));
    if (request.isEnded()) {
      dispatch(ctx, wireRequest(ctx, requestId, body.body()));
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))
        && request.version() == HttpVersion.HTTP_1_1) {
      ctx.response().writeContinue();
    }
    // Timer and handlers run on this request's event loop, one at a time: the first one settles.
    boolean[] settled = {false};
    Duration deadline = config.local().requestReadTimeout();
    long timer =
        ctx.vertx()
            .setTimer(
                deadline.toMillis(),
                expired -> {
                  if (!settled[0]) {
                    settled[0] = true;
                    tooSlow(ctx, wireRequest(ctx, requestId, body.body()), deadline);
                  }
                });
    request
        .handler(chunk -> body.append(chunk.length(), chunk::getBytes))
        .endHandler(
            end -> {
              if (!settled[0]) {
                settled[0] = true;
                ctx.vertx().cancelTimer(timer);
                dispatch(ctx, wireRequest(ctx, requestId, body.body()));
              }
            })
        .resume();
  }

  /** The Content-Length the client announced, or -1 for none or a malformed one (only a hint). */
  private static long announcedLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException malformed) {
      return -1;
    }
  }

  /**
   * A body still arriving at the deadline: answered (RequestTimeoutException, which the AWS SDKs
   * retry) and audited, then the connection is closed, whatever the client still sends.
   */
  private void tooSlow(RoutingContext ctx, WireRequest request, Duration deadline) {
    KmsException error =
        KmsException.of(
            KmsErrorType.REQUEST_TIMEOUT,
            "The request body did not arrive within "
                + deadline.toMillis()
                + " ms; the connection is closed.");
    ctx.vertx()
        .executeBlocking(() -> dispatcher.refuse(request, authenticator, error), false)
        .onComplete(
            done -> {
              if (ctx.response().ended()) {
                return;
              }
              WireResponse response =
                  done.succeeded()
                      ? done.result()
                      : dispatcher.failed(request, authenticator, done.cause());
              ctx.response().setStatusCode(response.status());
              response.headers(request.requestId()).forEach(ctx.response()::putHeader);
              ctx.response().putHeader("Connection", "close");
              ctx.response()
                  .end(body(response))
                  .onComplete(sent -> ctx.request().connection().close());
            });
  }

  private void dispatch(RoutingContext ctx, WireRequest request) {
    if (inlinePolicy.inline(request.target())) {
      dispatchHere(ctx, request);
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> dispatcher.dispatch(request, authenticator), false)
        .onComplete(
            done ->
                send(
                    ctx,
                    request.requestId(),
                    done.succeeded()
                        ? done.result()
                        : dispatcher.failed(request, authenticator, done.cause())));
  }

  /** Answers a short request on this event loop (see {@link InlineDispatchPolicy}). */
  private void dispatchHere(RoutingContext ctx, WireRequest request) {
    WireResponse response;
    try {
      response = dispatcher.dispatch(request, authenticator);
    } catch (RuntimeException | Error e) {
      response = dispatcher.failed(request, authenticator, e);
    }
    send(ctx, request.requestId(), response);
  }

  /** Anything that failed in routing still gets an AWS error body and an audit record. */
  private void failed(RoutingContext ctx) {
    WireRequest request = wireRequest(ctx, UUID.randomUUID().toString(), WireBody.EMPTY);
    Throwable cause =
        ctx.failure() != null
            ? ctx.failure()
            : new IllegalStateException("routing failed with status " + ctx.statusCode());
    ctx.vertx()
        .executeBlocking(() -> dispatcher.failed(request, authenticator, cause), false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                send(ctx, request.requestId(), done.result());
              } else if (!ctx.response().ended()) {
                ctx.response().setStatusCode(500).end();
              }
            });
  }

  private static WireRequest wireRequest(RoutingContext ctx, String requestId, WireBody body) {
    HttpServerRequest request = ctx.request();
    return new WireRequest(
        requestId,
        request.method().name(),
        request.path(),
        request.query(),
        WireRequest.headersOf(request.headers()),
        body,
        request.remoteAddress() == null ? null : request.remoteAddress().host(),
        request.getHeader("User-Agent"),
        null);
  }

  /**
   * The response body wrapped, not copied: {@code Buffer.buffer(byte[])} copies it into a new
   * buffer, one more payload-sized array per request (6.6 % of the bytes an Encrypt 4 KB
   * allocated). The array is never written after the dispatcher returns it. Vert.x 4.5 deprecates
   * the wrapping factory only because Vert.x 5 moves it to {@code BufferInternal.buffer(ByteBuf)}.
   */
  @SuppressWarnings("deprecation")
  private static Buffer body(WireResponse response) {
    return Buffer.buffer(Unpooled.wrappedBuffer(response.body()));
  }

  private static void send(RoutingContext ctx, String requestId, WireResponse response) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(response.status());
    response.headers(requestId).forEach(ctx.response()::putHeader);
    ctx.response().end(body(response));
  }
}
