package dev.serverlesskms.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LocalStackEndpointsTest {
  @Test
  void mapsTheAwsUrlOfAnHttpApiToLocalStacksEdgePort() {
    URI output = URI.create("https://a1b2c3d4.execute-api.us-east-1.amazonaws.com");

    assertThat(LocalStackEndpoints.httpApi(output, 32768))
        .isEqualTo(URI.create("http://a1b2c3d4.execute-api.localhost.localstack.cloud:32768/"));
  }

  @Test
  void keepsAPathAndAcceptsAUrlLocalStackAlreadyRewrote() {
    URI output = URI.create("https://a1b2c3d4.execute-api.localhost.localstack.cloud:4566/stage");

    assertThat(LocalStackEndpoints.httpApi(output, 40000))
        .isEqualTo(
            URI.create("http://a1b2c3d4.execute-api.localhost.localstack.cloud:40000/stage"));
  }

  @Test
  void refusesAUrlThatIsNotAnApiGatewayOne() {
    assertThatThrownBy(
            () ->
                LocalStackEndpoints.httpApi(
                    URI.create("https://kms.us-east-1.amazonaws.com"), 4566))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
