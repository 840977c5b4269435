package dev.serverlesskms.functions.apigw;

import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The KMS wire endpoint on Lambda: behind an API Gateway HTTP API whose route uses IAM
 * authorization, so API Gateway has verified the caller's SigV4 signature and put the caller in the
 * request context. The event becomes a {@link WireRequest} for the same {@link WireDispatcher} the
 * local server uses, which checks, audits and answers it.
 */
public class HttpApiKmsFunction {
  @Inject WireDispatcher dispatcher;
  @Inject KmsConfig config;

  @Funq("KmsApi")
  public HttpApiResponse handle(HttpApiRequest event) {
    WireRequest request = HttpApiWire.toWire(event);
    return HttpApiWire.toHttp(
        request.requestId(),
        dispatcher.dispatch(request, Authenticator.byTransport(config.accountId())));
  }
}
