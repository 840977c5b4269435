package dev.serverlesskms.local;

import dev.serverlesskms.core.model.KmsKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys parsed from their stored JSON, kept for the next read of the same record: parsing a key
 * record (a JSON tree, then the key and its versions) was the largest cost of a key lookup, and a
 * hot key is read by every request. A kept key is reused only when the stored JSON is exactly the
 * one it was parsed from, so a changed record (new revision, rotation, deletion and re-creation) is
 * always parsed again: the cache can be stale only in what it saves, never in what it answers. Keys
 * are immutable; they hold wrapped material only. At most {@code capacity} are kept, least recently
 * used dropped first.
 */
final class ParsedKeyRecords {
  private record Parsed(String json, KmsKey key) {}

  private final Map<String, Parsed> byKeyId;

  ParsedKeyRecords(int capacity) {
    this.byKeyId =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The key stored as {@code json} under {@code keyId}, parsed unless the same JSON was parsed. */
  KmsKey key(String keyId, String json) {
    synchronized (byKeyId) {
      Parsed kept = byKeyId.get(keyId);
      if (kept != null && kept.json().equals(json)) {
        return kept.key();
      }
    }
    KmsKey key = RecordJson.key(json);
    synchronized (byKeyId) {
      byKeyId.put(keyId, new Parsed(json, key));
    }
    return key;
  }
}
