package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesskms.functions.lifecycle.TestClockAndMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ReportKeyMaterialExpiryTest.Profile.class)
class ReportKeyMaterialExpiryTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ReportKeyMaterialExpiry");
    }
  }

  @Test
  void reportKeyMaterialExpiry_scheduledEvent_reportsMaterialExpiringWithin30Days() {
    // GIVEN imported material that expires in 10 days, and material that never expires
    String expiring = newExternalKey();
    importMaterial(expiring, CLOCK.instant().plus(Duration.ofDays(10)));
    importMaterial(newExternalKey(), null);

    // WHEN EventBridge's scheduled event arrives
    JsonNode reported = invoke(event("report-key-material-expiry.json"));

    // THEN the one expiring key is reported, with its countdown metric
    assertThat(reported.asInt()).isEqualTo(1);
    assertThat(TestClockAndMetrics.metricsWritten())
        .contains("SecondsUntilKeyMaterialExpiration")
        .contains(expiring);
  }
}
