package dev.serverlesskms.functions.lambda;

import static dev.serverlesskms.functions.lifecycle.TestClockAndMetrics.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

@QuarkusTest
@TestProfile(ProcessDueKeysTest.Profile.class)
class ProcessDueKeysTest extends AbstractLambdaEventTest {
  public static class Profile extends Exporting {
    public Profile() {
      super("ProcessDueKeys");
    }
  }

  @Test
  void processDueKeys_scheduledEvent_rotatesAndDeletesWhatIsDue_andReturnsTheSummary() {
    // GIVEN a key due for rotation and a key due for deletion, once the KMS clock has moved 91 days
    String rotating = newKey("rotates every 90 days");
    kms.enableKeyRotation(r -> r.keyId(rotating).rotationPeriodInDays(90));
    String deleting = newKey("deleted after 7 days");
    kms.scheduleKeyDeletion(r -> r.keyId(deleting).pendingWindowInDays(7));
    CLOCK.advance(Duration.ofDays(91));

    // WHEN EventBridge's scheduled event arrives
    JsonNode summary = invoke(event("process-due-keys.json"));

    // THEN exactly those two keys were processed (each app start has a fresh data directory)
    assertThat(summary.get("Rotated").asInt()).isEqualTo(1);
    assertThat(summary.get("Deleted").asInt()).isEqualTo(1);
    assertThat(summary.get("Expired").asInt()).isZero();
    assertThat(summary.get("Failures")).isEmpty();
    assertThat(kms.listKeyRotations(r -> r.keyId(rotating)).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.AUTOMATIC);
    assertThat(
            catchThrowableOfType(
                NotFoundException.class, () -> kms.describeKey(r -> r.keyId(deleting))))
        .isNotNull();

    // AND a second run finds nothing due
    JsonNode again = invoke(event("process-due-keys.json"));
    assertThat(
            again.get("Rotated").asInt()
                + again.get("Deleted").asInt()
                + again.get("Expired").asInt())
        .isZero();
  }
}
