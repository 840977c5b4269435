package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds audit maps from name/value pairs, leaving out nulls. */
final class AuditFields {
  private AuditFields() {}

  static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value != null) {
        map.put((String) namesAndValues[i], value instanceof Enum<?> e ? e.toString() : value);
      }
    }
    return map;
  }

  /**
   * Tags as CloudTrail shows them: a list of {tagKey, tagValue} objects. A null element (JSON
   * {@code "Tags":[null]}) is refused by validation; its refusal is still audited, so it is left
   * out here rather than failing the record.
   */
  static List<Map<String, Object>> tags(List<Tag> tags) {
    return tags == null
        ? null
        : tags.stream()
            .filter(Objects::nonNull)
            .map(t -> of("tagKey", t.tagKey(), "tagValue", t.tagValue()))
            .toList();
  }

  /** Grant constraints as CloudTrail shows them, or {@code null}. */
  static Map<String, Object> constraints(GrantConstraints constraints) {
    return constraints == null
        ? null
        : of(
            "encryptionContextSubset",
            constraints.encryptionContextSubset(),
            "encryptionContextEquals",
            constraints.encryptionContextEquals(),
            "sourceArn",
            constraints.sourceArn());
  }
}
