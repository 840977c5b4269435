package dev.serverlesskms.functions.e2e;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;

/**
 * The AWS SDK's KmsClient, unchanged but for where it sends requests and how it signs them, pointed
 * at the deployed stack's HTTP API. API Gateway's IAM authorizer checks SigV4 for the service
 * {@code execute-api}, while the SDK signs for {@code kms}: the signing name is the one thing to
 * override (as infra/cli/add-kms-apigw-model.sh does for the AWS CLI).
 */
final class HttpApiKmsClient {
  private static final String API_GATEWAY_SIGNING_NAME = "execute-api";

  private HttpApiKmsClient() {}

  static KmsClient create(URI httpApi, Region region, AwsCredentialsProvider credentials) {
    KmsAuthSchemeProvider defaults = KmsAuthSchemeProvider.defaultProvider();
    KmsAuthSchemeProvider signForApiGateway =
        params ->
            defaults.resolveAuthScheme(params).stream()
                .map(
                    option ->
                        option.toBuilder()
                            .putSignerProperty(
                                AwsV4HttpSigner.SERVICE_SIGNING_NAME, API_GATEWAY_SIGNING_NAME)
                            .build())
                .toList();
    return KmsClient.builder()
        .endpointOverride(httpApi)
        .region(region)
        .credentialsProvider(credentials)
        .authSchemeProvider(signForApiGateway)
        // A first call may wait for a Lambda cold start (and LocalStack's first pull of the runtime
        // image).
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(90)).build())
        .overrideConfiguration(
            c ->
                c.apiCallAttemptTimeout(Duration.ofSeconds(90))
                    .apiCallTimeout(Duration.ofMinutes(4)))
        .build();
  }
}
