package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesskms.core.api.CreateKeyRequest;
import dev.serverlesskms.core.api.DisableKeyRequest;
import dev.serverlesskms.core.api.UpdateKeyDescriptionRequest;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeyState;
import dev.serverlesskms.core.operation.Kms;
import dev.serverlesskms.core.port.KmsEnvironment;
import dev.serverlesskms.testkit.MutableClock;
import dev.serverlesskms.testkit.TestEnclave;
import dev.serverlesskms.testkit.TestKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server's pieces together: the file store and the JSON-lines audit log. A change made
 * while the log cannot be written succeeds, its record waits in the store file across a restart,
 * and the first write after the restart puts it in the log, once.
 */
class LocalAuditOutboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void changeWhileTheLogFails_isLoggedOnceAfterARestart() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full, a device on which every write fails");
    Path storeFile = dir.resolve("keys.mv.db");
    Path log = dir.resolve("audit.jsonl");
    MutableClock clock = MutableClock.startingAt(TestKms.START);
    String keyId;

    try (MvStoreKeyStore store = MvStoreKeyStore.open(storeFile);
        JsonLinesAuditSink working = new JsonLinesAuditSink(log, true)) {
      keyId = createKey(kms(store, working, clock));
    }
    try (MvStoreKeyStore store = MvStoreKeyStore.open(storeFile);
        JsonLinesAuditSink failing = new JsonLinesAuditSink(full, false)) {
      Kms kms = kms(store, failing, clock);
      kms.invoke(kms.disableKey, new DisableKeyRequest(keyId), context());
      assertThat(store.find(new KeyId(keyId)).orElseThrow().state()).isEqualTo(KeyState.DISABLED);
      assertThat(store.pendingRecords(10)).hasSize(1);
    }
    try (MvStoreKeyStore store = MvStoreKeyStore.open(storeFile);
        JsonLinesAuditSink working = new JsonLinesAuditSink(log, true)) {
      Kms kms = kms(store, working, clock);
      kms.invoke(kms.updateKeyDescription, new UpdateKeyDescriptionRequest(keyId, "x"), context());
      kms.auditRelay().drain();
      assertThat(store.pendingRecords(10)).isEmpty();
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(line -> line.get("eventName").asText())
        .containsExactly("CreateKey", "DisableKey", "UpdateKeyDescription");
    assertThat(lines).extracting(line -> line.get("eventID").asText()).doesNotHaveDuplicates();
    assertThat(lines.get(1).has("errorCode")).isFalse();
  }

  private static Kms kms(MvStoreKeyStore store, AuditSink sink, MutableClock clock) {
    return new Kms(new KmsEnvironment(TestKms.LOCATION, store, new TestEnclave(), clock), sink);
  }

  private static String createKey(Kms kms) {
    return kms.invoke(
            kms.createKey,
            new CreateKeyRequest(null, null, null, null, null, null, null, null, null, null, null),
            context())
        .keyMetadata()
        .keyId();
  }

  private static dev.serverlesskms.core.request.RequestContext context() {
    return TestKms.context(TestKms.accountRoot());
  }
}
