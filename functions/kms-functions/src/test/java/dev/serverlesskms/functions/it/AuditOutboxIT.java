package dev.serverlesskms.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * Issue 9, item 4, on the packaged local server: with the audit log unwritable, DisableKey used to
 * answer "the request was not completed" while the key ended up disabled, with no record anywhere.
 * Now changes succeed and keep their records in the key store, reads still fail closed, and once
 * the log is writable again (here: after a restart) the first change puts the kept records in it,
 * once each.
 */
class AuditOutboxIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void changesWhileTheLogFails_succeed_andAreLoggedOnceItWorksAgain() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full, a device on which every write fails");
    Map<String, String> failingLog = new HashMap<>(Map.of("kms.audit.file", full.toString()));
    try (LocalKmsServer server = LocalKmsServer.start(dataDir, failingLog)) {
      String keyId;
      try (KmsClient kms = server.client()) {
        keyId = kms.createKey(r -> r.description("outbox")).keyMetadata().keyId();
        kms.disableKey(r -> r.keyId(keyId));
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(keyId)))
            .isInstanceOf(KmsInternalException.class);
      }

      server.restartWith(Map.of("kms.audit.file", server.auditLog().toString()));

      try (KmsClient kms = server.client()) {
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
            .isEqualTo(KeyState.DISABLED);
        kms.updateKeyDescription(r -> r.keyId(keyId).description("after"));
      }
      List<JsonNode> records = new ArrayList<>();
      for (String line : Files.readAllLines(server.auditLog())) {
        records.add(JSON.readTree(line));
      }
      assertThat(records)
          .extracting(r -> r.get("eventName").asText())
          .containsExactly("DescribeKey", "CreateKey", "DisableKey", "UpdateKeyDescription");
      assertThat(records).extracting(r -> r.get("eventID").asText()).doesNotHaveDuplicates();
      assertThat(records.subList(1, 3)).allSatisfy(r -> assertThat(r.has("errorCode")).isFalse());
    }
  }
}
