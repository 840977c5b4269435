package dev.serverlesskms.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The matrix's bare-Netty baselines answer the load generator's requests as it checks them (over
 * the real wire, AWS SDK for Java v2): a baseline that answered wrongly would be measured doing
 * less than the KMS.
 */
class NettyServersTest {
  @TempDir Path data;

  @Test
  void theKmsOnBareNettyAnswersVerifiesSignaturesAndAudits() throws Exception {
    try (NettyWireServer.Parts parts = NettyWireServer.Parts.open(data);
        NettyHttpServer.Running server = NettyWireServer.start(0, parts)) {
      driveEveryMatrixOperation(server.port());

      try (KmsClient stranger = client(server.port(), "test", "not-the-secret")) {
        assertThatThrownBy(stranger::listKeys)
            .isInstanceOfSatisfying(
                KmsException.class,
                e ->
                    assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidSignatureException"));
      }
    }
    // CreateKey, Encrypt (the target's own), Encrypt, Decrypt, GenerateDataKey,
    // ScheduleKeyDeletion, and the refused ListKeys: one audit line each.
    assertThat(Files.readAllLines(data.resolve("audit.jsonl"))).hasSize(7);
  }

  @Test
  void theFloorAnswersWhatTheMatrixSends() throws Exception {
    try (NettyHttpServer.Running server = NettyFloorServer.start(0)) {
      driveEveryMatrixOperation(server.port());
    }
  }

  /** Each operation once, through the generator's own checks (a wrong answer throws). */
  private static void driveEveryMatrixOperation(int port) {
    LoadOptions options =
        LoadOptions.parse(
            new String[] {"--endpoint", "http://127.0.0.1:" + port, "--payload-bytes", "4096"});
    try (WireTarget target = new WireTarget(options)) {
      target.call(Operation.ENCRYPT);
      target.call(Operation.DECRYPT);
      target.call(Operation.GENERATE_DATA_KEY);
    }
  }

  private static KmsClient client(int port, String accessKey, String secret) {
    return KmsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(10)))
        .build();
  }
}
