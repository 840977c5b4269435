package dev.serverlesskms.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GenerateRandomTest.Profile.class)
class GenerateRandomTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("GenerateRandom");
    }
  }

  @Test
  void generateRandom_sampleEvent_returns32RandomBytes() {
    byte[] first = bytes(invoke(event("generate-random.json")).get("Plaintext"));
    byte[] second = bytes(invoke(event("generate-random.json")).get("Plaintext"));

    assertThat(first).hasSize(32);
    assertThat(second).hasSize(32).isNotEqualTo(first);
  }
}
