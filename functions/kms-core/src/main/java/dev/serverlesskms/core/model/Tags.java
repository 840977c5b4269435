package dev.serverlesskms.core.model;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS's tag rules: key 1..128, value 0..256, {@code aws:} reserved (in any case), no duplicates, 50
 * per key.
 */
public final class Tags {
  public static final int MAX_PER_KEY = 50;
  private static final String RESERVED_PREFIX = "aws:";

  private Tags() {}

  /**
   * Checks the tags of a request ({@code null} is no tags).
   *
   * @param member the request member, for the validation message
   */
  public static void validate(List<Tag> tags, String member) {
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

  public static void validateKey(String tagKey, String member) {
    Validation.required(tagKey, member);
    Validation.length(tagKey, 1, 128, member);
    // Reserved in any case ("AWS:", "Aws:"...), as in AWS's tagging rules.
    if (tagKey.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
      throw KmsException.of(KmsErrorType.TAG, "Tags beginning with aws: are reserved");
    }
  }

  /** A key holds at most 50 tags: TagException past that. */
  public static void requireWithinLimit(int count) {
    if (count > MAX_PER_KEY) {
      throw KmsException.of(KmsErrorType.TAG, "Too many tags");
    }
  }

  /** Adds or overwrites tags, keeping first-added order; fails past 50 tags. */
  static List<Tag> merge(List<Tag> existing, List<Tag> added) {
    Map<String, String> merged = new LinkedHashMap<>();
    existing.forEach(t -> merged.put(t.tagKey(), t.tagValue()));
    added.forEach(t -> merged.put(t.tagKey(), t.tagValue()));
    requireWithinLimit(merged.size());
    return merged.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }

  /** The tags whose keys are not in {@code removed}, in their order. */
  static List<Tag> without(List<Tag> existing, Collection<String> removed) {
    Set<String> keys = new HashSet<>(removed);
    return existing.stream().filter(t -> !keys.contains(t.tagKey())).toList();
  }
}
