package dev.serverlesskms.functions.local;

import dev.serverlesskms.functions.config.KmsConfig;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * What a developer sees when the local server is ready: where it listens, where its data lives,
 * which credentials it takes, and one command to try. Printed once, when the HTTP server is up.
 * Never prints a secret other than the public development pair.
 */
@ApplicationScoped
public class StartBanner {
  private static final Logger LOG = Logger.getLogger(StartBanner.class);
  private static final String DEVELOPMENT_PAIR = "test:test";

  @Inject KmsConfig config;

  void onHttpStart(@ObservesAsync HttpServerStart start) {
    if (!config.local().enabled()) {
      return;
    }
    LOG.info(text(endpoint(start), config));
  }

  /** The banner for a server listening on {@code endpoint} with this configuration. */
  static String text(String endpoint, KmsConfig config) {
    boolean developmentPair =
        config.local().credentialsFile().isEmpty()
            && config.principalsFile().isEmpty()
            && config.local().credentials().map(DEVELOPMENT_PAIR::equals).orElse(false);
    String credentials =
        developmentPair
            ? "access key test, secret test (the public development pair: local use only)"
            : "as configured (kms.local.credentials / kms.local.credentials-file /"
                + " kms.principals-file)";
    String keys = developmentPair ? "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test " : "";
    return String.join(
        "\n",
        "Serverless KMS is ready",
        "  endpoint     " + endpoint,
        "  regions      every region: a request runs in the region its client signs for"
            + " (default "
            + config.region()
            + ")",
        "  account      " + config.accountId(),
        "  data         " + config.dataDir().toAbsolutePath(),
        "  enclave      "
            + config.enclave().kind().toString().toLowerCase(Locale.ROOT)
            + config.enclave().rootKeyFile().map(f -> " (root key " + f + ")").orElse(""),
        "  principals   "
            + config.principalsFile().map(f -> f.toAbsolutePath().toString()).orElse("none"),
        "  seed file    " + config.seedFile().map(Object::toString).orElse("none (--seed-file F)"),
        "  credentials  " + credentials,
        "  try          "
            + keys
            + "aws kms create-key --endpoint-url "
            + endpoint
            + " --region "
            + config.region());
  }

  /** The address clients use; a wildcard bind is reached through loopback on this machine. */
  private static String endpoint(HttpServerStart start) {
    String host = start.options().getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    int bound = start.options().getPort();
    // Port 0 asks for a free port; Quarkus records the one it bound under the port property.
    int port =
        bound > 0
            ? bound
            : ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", Integer.class)
                .orElse(bound);
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
