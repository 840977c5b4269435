package dev.serverlesskms.functions.e2e;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where LocalStack serves what a stack output names as an AWS URL. The template's KmsApiEndpoint
 * output is {@code https://<api-id>.execute-api.<region>.amazonaws.com}; LocalStack serves that API
 * at {@code http://<api-id>.execute-api.localhost.localstack.cloud:<edge port>}, a public DNS name
 * that resolves to 127.0.0.1. So this works when the Docker engine runs on this machine (the usual
 * case), not with a remote one.
 */
final class LocalStackEndpoints {
  private static final Pattern EXECUTE_API_HOST = Pattern.compile("([a-z0-9]+)\\.execute-api\\..+");
  private static final String LOCALSTACK_DOMAIN = "localhost.localstack.cloud";

  private LocalStackEndpoints() {}

  /**
   * The HTTP API of {@code output}, reached through LocalStack's edge port {@code edgePort} on this
   * machine.
   */
  static URI httpApi(URI output, int edgePort) {
    String host = output.getHost();
    Matcher matcher = host == null ? null : EXECUTE_API_HOST.matcher(host);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException("not an API Gateway (execute-api) URL: " + output);
    }
    String path =
        output.getRawPath() == null || output.getRawPath().isEmpty() ? "/" : output.getRawPath();
    return URI.create(
        "http://" + matcher.group(1) + ".execute-api." + LOCALSTACK_DOMAIN + ":" + edgePort + path);
  }
}
