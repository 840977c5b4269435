package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed key policies: a key's policy changes rarely and is read on every request, so it is parsed
 * once per text. Kept by key ARN with the text it was parsed from: a key read from a store brings a
 * new String every request, and comparing it with the cached text is far cheaper than hashing a
 * policy of several kilobytes to look it up. Bounded (least recently used out).
 */
final class KeyPolicyCache {
  private static final int CAPACITY = 1024;

  private record Parsed(String text, PolicyDocument document) {}

  private final Map<String, Parsed> byKey =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * The key's policy, parsed.
   *
   * @throws dev.serverlesskms.core.error.KmsException MalformedPolicyDocumentException for a stored
   *     policy that does not parse
   */
  PolicyDocument of(KmsKey key) {
    String text = key.policy();
    synchronized (this) {
      Parsed parsed = byKey.get(key.arn());
      if (parsed != null && (parsed.text == text || parsed.text.equals(text))) {
        return parsed.document;
      }
    }
    PolicyDocument document = PolicyDocument.parseKeyPolicy(text); // outside the lock
    synchronized (this) {
      byKey.put(key.arn(), new Parsed(text, document));
    }
    return document;
  }
}
