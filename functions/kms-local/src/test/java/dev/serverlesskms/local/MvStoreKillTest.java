package dev.serverlesskms.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.audit.OutboxRecord;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KmsKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process writing to the file store (issue 9, item 8): a child JVM ({@link
 * MvStoreWriterProcess}) writes and reads the store until it is killed at a random moment, three
 * times over the same file. After each kill the store opens cleanly, every write the child was told
 * had succeeded is there with its audit record, and every key state a reader saw is there too (a
 * ciphertext made with a version a reader saw must stay decryptable).
 *
 * <p>A kill leaves the OS's page cache intact, so this guards against losing what was written; a
 * power cut is what the fsync before a write returns (and before readers see it) covers, shown by
 * {@link MvStoreDurabilityTest}.
 */
class MvStoreKillTest {
  private static final int ROUNDS = 3;

  @TempDir Path dir;

  /** What one child reported before it died. */
  private record Report(List<String[]> acks, List<String[]> seen) {}

  @Test
  @Timeout(180)
  void killedWhileWriting_everyAcknowledgedWriteAndEverySeenStateSurvives() throws Exception {
    Path file = dir.resolve("keys.mv.db");
    Map<String, Long> ackedRevision = new HashMap<>();
    List<String> ackedRecords = new ArrayList<>();
    int totalAcks = 0;
    int totalSeen = 0;

    for (int round = 1; round <= ROUNDS; round++) {
      Report report = runAndKill(file, 40 + ThreadLocalRandom.current().nextInt(120));
      totalAcks += report.acks().size();
      totalSeen += report.seen().size();

      try (MvStoreKeyStore store = MvStoreKeyStore.open(file)) {
        for (String[] ack : report.acks()) {
          ackedRevision.merge(ack[1], Long.parseLong(ack[2]), Math::max);
          ackedRecords.add(ack[4]);
        }
        for (Map.Entry<String, Long> acked : ackedRevision.entrySet()) {
          KmsKey stored = store.find(new KeyId(acked.getKey())).orElse(null);
          assertThat(stored).as("round %d: acknowledged key %s", round, acked.getKey()).isNotNull();
          assertThat(stored.revision())
              .as("round %d: revision of %s", round, acked.getKey())
              .isGreaterThanOrEqualTo(acked.getValue());
        }
        for (String[] seen : report.seen()) {
          KmsKey stored = store.find(new KeyId(seen[1])).orElseThrow();
          assertThat(stored.revision()).isGreaterThanOrEqualTo(Long.parseLong(seen[2]));
          assertThat(stored.versions().size()).isGreaterThanOrEqualTo(Integer.parseInt(seen[3]));
        }
        Set<String> pending =
            store.pendingRecords(1000).stream().map(OutboxRecord::id).collect(Collectors.toSet());
        assertThat(pending).as("round %d: audit records", round).containsAll(ackedRecords);
        // drain, as the relay would, so the next round's records fit one page
        pending.forEach(store::removeRecord);
        ackedRecords.clear();
      }
    }
    assertThat(totalAcks).as("the children really wrote").isGreaterThanOrEqualTo(ROUNDS * 40);
    assertThat(totalSeen).as("the children really read").isPositive();
  }

  /** Starts a child on {@code file}, kills it after {@code acksBeforeKill} writes, and reports. */
  private static Report runAndKill(Path file, int acksBeforeKill) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                MvStoreWriterProcess.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String[]> acks = new ArrayList<>();
    List<String[]> seen = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] fields = line.split(" ");
        if (fields[0].equals("ACK")) {
          acks.add(fields);
        } else if (fields[0].equals("SEEN")) {
          seen.add(fields);
        }
        if (acks.size() >= acksBeforeKill || fields[0].equals("DONE")) {
          // SIGKILL: no shutdown hook, no close. (It also closes our end of the pipe: lines the
          // child wrote after this one go unread, and so unchecked.)
          child.destroyForcibly();
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acks).as("the child wrote before it was killed").isNotEmpty();
    return new Report(acks, seen);
  }
}
