package dev.serverlesskms.core.authz;

import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed key policies by their text: a key's policy changes rarely and is read on every request, so
 * each distinct text is parsed once. Bounded (least recently used out), since texts are keys.
 */
final class KeyPolicyCache {
  private static final int CAPACITY = 1024;

  private final Map<String, PolicyDocument> parsed =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized PolicyDocument of(String policyText) {
    PolicyDocument document = parsed.get(policyText);
    if (document == null) {
      document = PolicyDocument.parseKeyPolicy(policyText);
      parsed.put(policyText, document);
    }
    return document;
  }
}
