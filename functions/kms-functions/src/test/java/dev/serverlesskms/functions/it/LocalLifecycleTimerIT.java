package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The local server carries out the lifecycle on its own timer: a key scheduled for deletion is gone
 * once its date has come, a key due for rotation is rotated, with no request asking for it. The KMS
 * clock is moved forward with kms.clock-offset (SigV4 keeps using the wall clock).
 */
class LocalLifecycleTimerIT {
  @TempDir Path dataDir;

  @Test
  void dueDeletionsAndRotations_happenOnTheTimer() throws Exception {
    try (LocalKmsServer server =
        LocalKmsServer.start(dataDir, Map.of("kms.lifecycle.interval", "1s"))) {
      String doomed;
      String rotating;
      String survivor;
      try (KmsClient kms = server.client()) {
        doomed = kms.createKey(r -> r.description("doomed")).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(doomed));
        kms.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(7));
        rotating = kms.createKey(r -> r.description("rotating")).keyMetadata().keyId();
        kms.enableKeyRotation(r -> r.keyId(rotating).rotationPeriodInDays(90));
        survivor = kms.createKey(r -> r.description("pending 30 days")).keyMetadata().keyId();
        kms.scheduleKeyDeletion(r -> r.keyId(survivor));
      }

      server.restartWith(Map.of("kms.clock-offset", "P91D"));

      try (KmsClient kms = server.client()) {
        awaitTrue(
            () ->
                isDeleted(kms, doomed)
                    && !kms.listKeyRotations(r -> r.keyId(rotating)).rotations().isEmpty());
        assertThat(kms.listAliases().aliases())
            .noneMatch(a -> a.aliasName().equals("alias/doomed"));
        assertThat(kms.describeKey(r -> r.keyId(rotating)).keyMetadata().keyState())
            .isEqualTo(KeyState.ENABLED);
        // Deleted 30 days after it was scheduled, i.e. already too, since the clock moved 91 days.
        awaitTrue(() -> isDeleted(kms, survivor));
      }
    }
    List<String> serviceEvents = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dataDir.resolve("audit.jsonl"))) {
      JsonNode record = json.readTree(line);
      if ("AWSService".equals(record.get("userIdentity").get("type").asText())) {
        serviceEvents.add(record.get("eventName").asText());
      }
    }
    assertThat(serviceEvents).contains("DeleteKey", "RotateKey");
  }

  private static boolean isDeleted(KmsClient kms, String keyId) {
    try {
      kms.describeKey(r -> r.keyId(keyId));
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("the lifecycle timer acted within 30 s").isBefore(deadline);
      Thread.sleep(250);
    }
  }
}
