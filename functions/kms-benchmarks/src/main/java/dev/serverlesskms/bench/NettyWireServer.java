package dev.serverlesskms.bench;

import dev.serverlesskms.core.model.KmsLocation;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.enclave.KeyVersionEnclave;
import dev.serverlesskms.enclave.RootKeyFile;
import dev.serverlesskms.functions.json.KmsJson;
import dev.serverlesskms.functions.local.AllowedHosts;
import dev.serverlesskms.functions.local.LocalPrincipals;
import dev.serverlesskms.functions.local.SigV4Authenticator;
import dev.serverlesskms.functions.local.SigV4Verifier;
import dev.serverlesskms.functions.wire.Authenticator;
import dev.serverlesskms.functions.wire.WireBody;
import dev.serverlesskms.functions.wire.WireDispatcher;
import dev.serverlesskms.functions.wire.WireRequest;
import dev.serverlesskms.functions.wire.WireResponse;
import dev.serverlesskms.local.JsonLinesAuditSink;
import dev.serverlesskms.local.MvStoreKeyStore;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The KMS's own wire path ({@link WireDispatcher}: SigV4, authorization, the operation, the audit
 * line) on bare Netty ({@link NettyHttpServer}) instead of Quarkus and Vert.x: the matrix's measure
 * of what another HTTP layer would save. Started by {@code netty-server.sh wire PORT DATA_DIR}.
 *
 * <p>Wired as {@code ./kms-local} wires the KMS by default: the embedded store, the software
 * enclave with a 1000-entry cache, the JSON-lines audit file without fsync, {@code test}/{@code
 * test} in account 000000000000, us-east-1, every request answered on the event loop. Left out is
 * what a product needs around that path and a measurement does not: the body read timeout, {@code
 * Expect: 100-continue}, the seed file, the lifecycle job, configuration; an oversized body gets
 * Netty's 413, not the dispatcher's audited ValidationException. A benchmark's baseline, not a
 * server.
 */
public final class NettyWireServer {
  private static final String ACCOUNT = "000000000000";
  private static final String REGION = "us-east-1";
  private static final int ENCLAVE_CACHE_ENTRIES = 1000;
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  private final WireDispatcher dispatcher;
  private final Authenticator authenticator;

  private NettyWireServer(WireDispatcher dispatcher, Authenticator authenticator) {
    this.dispatcher = dispatcher;
    this.authenticator = authenticator;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: NettyWireServer PORT DATA_DIR");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path data = Files.createDirectories(Path.of(args[1]));
    try (Parts parts = Parts.open(data);
        NettyHttpServer.Running server = start(port, parts)) {
      server.awaitClose();
    }
  }

  /** The KMS's store, enclave and audit file in a data directory, as ./kms-local opens them. */
  record Parts(MvStoreKeyStore store, KeyVersionEnclave enclave, JsonLinesAuditSink audit)
      implements AutoCloseable {
    static Parts open(Path data) {
      MvStoreKeyStore store = MvStoreKeyStore.open(data.resolve("keys.mv.db"), REGION);
      KeyVersionEnclave enclave =
          new KeyVersionEnclave(
              RootKeyFile.openOrCreate(data.resolve("root-key")),
              new SecureRandom(),
              ENCLAVE_CACHE_ENTRIES);
      return new Parts(store, enclave, new JsonLinesAuditSink(data.resolve("audit.jsonl"), false));
    }

    @Override
    public void close() {
      try (store;
          enclave;
          audit) {
        // closed in reverse order by try-with-resources
      }
    }
  }

  /** Starts the KMS on bare Netty on the loopback port {@code port} (0: any free port). */
  static NettyHttpServer.Running start(int port, Parts parts) throws InterruptedException {
    LocalPrincipals principals =
        LocalPrincipals.load(Optional.of("test:test"), Optional.empty(), Optional.empty(), ACCOUNT);
    Kms kms =
        new Kms(
            new KmsEnvironment(
                KmsLocation.of(REGION, ACCOUNT), parts.store(), parts.enclave(), Clock.systemUTC()),
            parts.audit(),
            principals.identityPolicies());
    NettyWireServer server =
        new NettyWireServer(
            new WireDispatcher(kms, KmsJson.newMapper(), MAX_BODY_BYTES),
            new SigV4Authenticator(
                new SigV4Verifier(
                    principals, "kms", Duration.ofMinutes(15), Clock.systemUTC(), REGION),
                AllowedHosts.of(AllowedHosts.LOOPBACK),
                ACCOUNT));
    return NettyHttpServer.start(port, MAX_BODY_BYTES, server::respond);
  }

  private FullHttpResponse respond(FullHttpRequest http, InetSocketAddress remote) {
    WireRequest request = wireRequest(http, remote);
    WireResponse answer;
    try {
      answer = dispatcher.dispatch(request, authenticator);
    } catch (RuntimeException | Error e) {
      answer = dispatcher.failed(request, authenticator, e);
    }
    return NettyHttpServer.response(
        answer.status(), answer.headers(request.requestId()), answer.body());
  }

  private static WireRequest wireRequest(FullHttpRequest http, InetSocketAddress remote) {
    String uri = http.uri();
    int question = uri.indexOf('?');
    return new WireRequest(
        UUID.randomUUID().toString(),
        http.method().name(),
        question < 0 ? uri : uri.substring(0, question),
        question < 0 ? null : uri.substring(question + 1),
        WireRequest.headersOf(http.headers()),
        WireBody.of(ByteBufUtil.getBytes(http.content())),
        remote == null ? null : remote.getAddress().getHostAddress(),
        http.headers().get(HttpHeaderNames.USER_AGENT),
        null);
  }
}
