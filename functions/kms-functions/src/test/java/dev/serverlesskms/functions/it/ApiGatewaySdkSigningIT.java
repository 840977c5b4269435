package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The README's way to point the AWS SDK for Java v2 at the deployed (API Gateway, IAM-authorized)
 * endpoint: the same KmsClient, signing for {@code execute-api}. Checked against a local server
 * that demands execute-api signatures, as API Gateway does.
 */
class ApiGatewaySdkSigningIT {
  @TempDir Path dataDir;

  @Test
  void kmsClientSigningForExecuteApi_isAccepted_andPlainKmsSigningIsNot() {
    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.local.signing-service", "execute-api"))) {
      try (KmsClient viaApiGateway = apiGatewayClient(server)) {
        String keyId =
            viaApiGateway
                .createKey(r -> r.description("sdk via api gateway"))
                .keyMetadata()
                .keyId();
        assertThat(viaApiGateway.describeKey(r -> r.keyId(keyId)).keyMetadata().description())
            .isEqualTo("sdk via api gateway");
      }
      try (KmsClient plain = server.client()) {
        KmsException refused =
            org.assertj.core.api.Assertions.catchThrowableOfType(
                KmsException.class, plain::listKeys);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      }
    }
  }

  /**
   * As in README "Deploy to AWS": KMS client, endpoint override, SigV4 signing name execute-api.
   */
  private static KmsClient apiGatewayClient(LocalKmsServer server) {
    return KmsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .authSchemeProvider(
            params ->
                KmsAuthSchemeProvider.defaultProvider().resolveAuthScheme(params).stream()
                    .map(
                        option ->
                            option.toBuilder()
                                .putSignerProperty(
                                    AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                                .build())
                    .toList())
        .build();
  }
}
