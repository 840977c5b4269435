package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Tag;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** AWS's tag rules: key 1..128, value 0..256, {@code aws:} reserved, no duplicates, 50 per key. */
final class TagRules {
  static final int MAX_TAGS_PER_KEY = 50;

  private TagRules() {}

  static void validate(List<Tag> tags, String member) {
    if (tags == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = Validation.required(tags.get(i), member);
      String at = member + "." + (i + 1) + ".member";
      validateKey(tag.tagKey(), at + ".tagKey");
      Validation.required(tag.tagValue(), at + ".tagValue");
      Validation.length(tag.tagValue(), 0, 256, at + ".tagValue");
      if (!seen.add(tag.tagKey())) {
        throw KmsException.of(KmsErrorType.TAG, "Duplicate tag keys");
      }
    }
  }

  static void validateKey(String tagKey, String member) {
    Validation.required(tagKey, member);
    Validation.length(tagKey, 1, 128, member);
    if (tagKey.startsWith("aws:")) {
      throw KmsException.of(KmsErrorType.TAG, "Tags beginning with aws: are reserved");
    }
  }

  /** Adds or overwrites tags, keeping first-added order; fails past 50 tags. */
  static List<Tag> merge(List<Tag> existing, List<Tag> added) {
    Map<String, String> merged = new LinkedHashMap<>();
    existing.forEach(t -> merged.put(t.tagKey(), t.tagValue()));
    added.forEach(t -> merged.put(t.tagKey(), t.tagValue()));
    if (merged.size() > MAX_TAGS_PER_KEY) {
      throw KmsException.of(KmsErrorType.TAG, "Too many tags");
    }
    return merged.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }
}
