package dev.serverlesskms.local;

import static dev.serverlesskms.testkit.KeyFixtures.enabledKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesskms.core.model.KmsKey;
import org.junit.jupiter.api.Test;

/** A parsed key is reused only for the very JSON it was parsed from. */
class ParsedKeyRecordsTest {
  private final ParsedKeyRecords parsed = new ParsedKeyRecords(2);

  private static String json(KmsKey key) {
    return RecordJson.write(KeyRecord.of(key, null));
  }

  @Test
  void theSameRecord_isParsedOnce() {
    KmsKey key = enabledKey().revision(3).build();
    String json = json(key);

    KmsKey first = parsed.key(key.keyId().value(), json);

    assertThat(parsed.key(key.keyId().value(), new String(json))).isSameAs(first);
    assertThat(first.revision()).isEqualTo(3);
  }

  @Test
  void aChangedRecord_isParsedAgain() {
    KmsKey key = enabledKey().revision(3).build();
    KmsKey first = parsed.key(key.keyId().value(), json(key));

    KmsKey changed = key.toBuilder().description("changed").revision(4).build();
    KmsKey second = parsed.key(key.keyId().value(), json(changed));

    assertThat(second).isNotSameAs(first);
    assertThat(second.description()).isEqualTo("changed");
    assertThat(second.revision()).isEqualTo(4);
  }

  @Test
  void atMostCapacityKeysAreKept_theLeastRecentlyUsedDroppedFirst() {
    KmsKey a = enabledKey().build();
    KmsKey b = enabledKey().build();
    KmsKey c = enabledKey().build();
    KmsKey parsedA = parsed.key(a.keyId().value(), json(a));
    parsed.key(b.keyId().value(), json(b));
    parsed.key(a.keyId().value(), json(a)); // a is now the most recently used
    parsed.key(c.keyId().value(), json(c)); // b is dropped

    assertThat(parsed.key(a.keyId().value(), json(a))).isSameAs(parsedA);
  }
}
