package dev.serverlesskms.core.seed;

import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.json.JsonStrings;
import dev.serverlesskms.core.model.KeyId;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.RotationSchedule;
import dev.serverlesskms.core.model.Tag;
import dev.serverlesskms.core.model.Tags;
import dev.serverlesskms.core.operation.AliasNames;
import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a seed file, given as the tree a YAML or JSON parser makes of it (maps, lists, strings,
 * numbers, booleans), and returns its keys. Every problem of every entry is collected, then thrown
 * together ({@link SeedFileException}), each naming the entry, its KeyId and the field. Field names
 * are the API's (docs/seed-file.md); unknown fields are refused, so a typo does not pass silently.
 *
 * <p>Material is checked here where that is cheap (base64, the symmetric and HMAC lengths); whether
 * asymmetric material is a PKCS#8 private key of the spec is the enclave's check, when the applier
 * wraps it.
 */
public final class SeedFileReader {
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> FILE_FIELDS = Set.of("Keys");
  private static final Set<String> KEY_FIELDS =
      Set.of(
          "KeyId",
          "Description",
          "KeySpec",
          "KeyUsage",
          "Material",
          "Aliases",
          "Tags",
          "Policy",
          "Rotation");
  private static final Set<String> TAG_FIELDS = Set.of("TagKey", "TagValue");
  private static final Set<String> ROTATION_FIELDS = Set.of("Enabled", "RotationPeriodInDays");

  private final List<String> problems = new ArrayList<>();

  private SeedFileReader() {}

  /**
   * @param tree the parsed file
   * @throws SeedFileException naming every problem
   */
  public static SeedFile read(Object tree) {
    return new SeedFileReader().file(tree);
  }

  private SeedFile file(Object tree) {
    if (!(tree instanceof Map<?, ?> top)) {
      throw new SeedFileException(List.of("the file must be a map with a Keys list"));
    }
    for (Object field : top.keySet()) {
      if (!FILE_FIELDS.contains(String.valueOf(field))) {
        problems.add("unknown top-level field " + field + " (expected Keys)");
      }
    }
    if (!(top.get("Keys") instanceof List<?> entries)) {
      problems.add("Keys: missing, or not a list");
      throw new SeedFileException(problems);
    }
    List<SeedKey> keys = new ArrayList<>();
    Map<String, Integer> keyIds = new HashMap<>();
    Map<String, Integer> aliases = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      SeedKey key = entry(i, entries.get(i));
      if (key == null) {
        continue;
      }
      Integer before = keyIds.putIfAbsent(key.keyId().value(), i);
      if (before != null) {
        add(i, key.keyId().value(), "KeyId", "also the KeyId of Keys[" + before + "]");
      }
      for (String alias : key.aliases() == null ? List.<String>of() : key.aliases()) {
        Integer owner = aliases.putIfAbsent(alias, i);
        if (owner != null && owner != i) {
          add(
              i,
              key.keyId().value(),
              "Aliases",
              alias + " is also an alias of Keys[" + owner + "]");
        }
      }
      keys.add(key);
    }
    if (!problems.isEmpty()) {
      throw new SeedFileException(problems);
    }
    return new SeedFile(keys);
  }

  /** One entry, or {@code null} when it has problems (added to {@link #problems}). */
  private SeedKey entry(int index, Object node) {
    int before = problems.size();
    if (!(node instanceof Map<?, ?> entry)) {
      problems.add(SeedFileException.entryName(index, null) + ": not a map of key fields");
      return null;
    }
    String rawId = entry.get("KeyId") instanceof String s ? s : null;
    for (Object field : entry.keySet()) {
      if (!KEY_FIELDS.contains(String.valueOf(field))) {
        add(
            index,
            rawId,
            String.valueOf(field),
            "unknown field (expected one of " + KEY_FIELDS + ")");
      }
    }
    KeyId keyId = null;
    if (rawId == null) {
      add(index, null, "KeyId", "required, a UUID such as 0b0c6a52-7f4e-4a5e-9f57-8f0d2c6a1b11");
    } else if (!UUID_FORM.matcher(rawId).matches()) {
      add(index, rawId, "KeyId", "not a lower-case UUID (multi-Region mrk- ids are not seeded)");
    } else {
      keyId = new KeyId(rawId);
    }
    String description = string(index, rawId, entry, "Description");
    if (description != null && description.length() > 8192) {
      add(index, rawId, "Description", "longer than 8192 characters");
    }
    KeySpec spec = KeySpec.SYMMETRIC_DEFAULT;
    String specName = string(index, rawId, entry, "KeySpec");
    if (specName != null) {
      spec = enumValue(KeySpec.class, specName);
      if (spec == null || !spec.offered()) {
        add(index, rawId, "KeySpec", specName + " is not a key spec this KMS offers");
        spec = null;
      }
    }
    KeyUsage usage = null;
    String usageName = string(index, rawId, entry, "KeyUsage");
    if (usageName != null) {
      usage = enumValue(KeyUsage.class, usageName);
      if (usage == null) {
        add(index, rawId, "KeyUsage", usageName + " is not a key usage");
      }
    }
    if (spec != null) {
      if (usage == null && usageName == null) {
        if (spec.allowedUsages().contains(KeyUsage.ENCRYPT_DECRYPT)) {
          usage = KeyUsage.ENCRYPT_DECRYPT;
        } else {
          add(index, rawId, "KeyUsage", "required for KeySpec " + spec);
        }
      } else if (usage != null && !spec.allowedUsages().contains(usage)) {
        add(
            index,
            rawId,
            "KeyUsage",
            usage
                + " is not compatible with KeySpec "
                + spec
                + " (allowed: "
                + spec.allowedUsages()
                + ")");
      }
    }
    byte[] material = material(index, rawId, entry, spec);
    List<String> aliases = aliases(index, rawId, entry);
    List<Tag> tags = tags(index, rawId, entry);
    String policy = policy(index, rawId, entry);
    SeedKey.Rotation rotation = rotation(index, rawId, entry, spec);
    if (problems.size() > before) {
      return null;
    }
    return new SeedKey(
        index, keyId, description, spec, usage, material, aliases, tags, policy, rotation);
  }

  private byte[] material(int index, String keyId, Map<?, ?> entry, KeySpec spec) {
    String text = string(index, keyId, entry, "Material");
    if (text == null) {
      return null;
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      add(index, keyId, "Material", "not base64");
      return null;
    }
    if (spec == null) {
      return material;
    }
    if (spec == KeySpec.SYMMETRIC_DEFAULT && material.length != 32) {
      add(
          index,
          keyId,
          "Material",
          "SYMMETRIC_DEFAULT material is 32 bytes, not " + material.length);
    } else if (spec.isHmac()) {
      int min = spec.size() / 8;
      int max = spec.size() <= 256 ? 64 : 128;
      if (material.length < min || material.length > max) {
        add(
            index,
            keyId,
            "Material",
            spec + " material is " + min + ".." + max + " bytes, not " + material.length);
      }
    } else if (spec.isAsymmetric() && material.length < 32) {
      add(index, keyId, "Material", spec + " material is a PKCS#8 private key (DER), base64");
    }
    return material;
  }

  private List<String> aliases(int index, String keyId, Map<?, ?> entry) {
    if (!entry.containsKey("Aliases")) {
      return null;
    }
    if (!(entry.get("Aliases") instanceof List<?> list)) {
      add(index, keyId, "Aliases", "not a list");
      return null;
    }
    Set<String> names = new HashSet<>();
    List<String> aliases = new ArrayList<>();
    for (Object item : list) {
      String name = String.valueOf(item);
      try {
        AliasNames.validateCustomerAlias(name);
      } catch (KmsException e) {
        add(index, keyId, "Aliases", name + ": " + e.getMessage());
        continue;
      }
      if (names.add(name)) {
        aliases.add(name);
      }
    }
    if (aliases.size() > 50) {
      add(index, keyId, "Aliases", "more than 50 aliases");
    }
    return aliases;
  }

  private List<Tag> tags(int index, String keyId, Map<?, ?> entry) {
    if (!entry.containsKey("Tags")) {
      return null;
    }
    if (!(entry.get("Tags") instanceof List<?> list)) {
      add(index, keyId, "Tags", "not a list of {TagKey, TagValue}");
      return null;
    }
    List<Tag> tags = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> tag)
          || !TAG_FIELDS.containsAll(keys(tag))
          || !(tag.get("TagKey") instanceof String)
          || tag.get("TagValue") == null) {
        add(index, keyId, "Tags", "each tag is {TagKey: <text>, TagValue: <text>}");
        return null;
      }
      tags.add(new Tag((String) tag.get("TagKey"), String.valueOf(tag.get("TagValue"))));
    }
    try {
      Tags.validate(tags, "Tags");
      Tags.requireWithinLimit(tags.size());
    } catch (KmsException e) {
      add(index, keyId, "Tags", e.getMessage());
    }
    if (tags.stream().map(Tag::tagKey).distinct().count() != tags.size()) {
      add(index, keyId, "Tags", "a TagKey appears twice");
    }
    return tags;
  }

  private String policy(int index, String keyId, Map<?, ?> entry) {
    Object node = entry.get("Policy");
    if (node == null) {
      return null;
    }
    String policy = node instanceof String s ? s : json(node);
    if (policy.length() > 131072) {
      add(index, keyId, "Policy", "longer than 131072 characters");
      return null;
    }
    try {
      PolicyDocument.parseKeyPolicy(policy);
    } catch (KmsException e) {
      add(index, keyId, "Policy", e.getMessage());
    }
    return policy;
  }

  private SeedKey.Rotation rotation(int index, String keyId, Map<?, ?> entry, KeySpec spec) {
    Object node = entry.get("Rotation");
    if (node == null) {
      return null;
    }
    if (!(node instanceof Map<?, ?> rotation) || !ROTATION_FIELDS.containsAll(keys(rotation))) {
      add(index, keyId, "Rotation", "is {Enabled: true|false, RotationPeriodInDays: 90..2560}");
      return null;
    }
    if (!(rotation.get("Enabled") instanceof Boolean enabled)) {
      add(index, keyId, "Rotation.Enabled", "required, true or false");
      return null;
    }
    int period = RotationSchedule.DEFAULT_PERIOD_DAYS;
    Object days = rotation.get("RotationPeriodInDays");
    if (days != null) {
      if (!(days instanceof Number n)
          || n.doubleValue() != n.intValue()
          || n.intValue() < RotationSchedule.MIN_PERIOD_DAYS
          || n.intValue() > RotationSchedule.MAX_PERIOD_DAYS) {
        add(
            index,
            keyId,
            "Rotation.RotationPeriodInDays",
            days + " is not a whole number 90..2560");
        return null;
      }
      period = n.intValue();
    }
    if (enabled && spec != null && spec != KeySpec.SYMMETRIC_DEFAULT) {
      add(index, keyId, "Rotation.Enabled", "only SYMMETRIC_DEFAULT keys rotate, not " + spec);
      return null;
    }
    return new SeedKey.Rotation(enabled, period);
  }

  private String string(int index, String keyId, Map<?, ?> entry, String field) {
    Object value = entry.get(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    add(index, keyId, field, "not text");
    return null;
  }

  private void add(int index, String keyId, String field, String problem) {
    problems.add(SeedFileException.problem(index, keyId, field, problem));
  }

  private static Set<String> keys(Map<?, ?> map) {
    Set<String> keys = new HashSet<>();
    map.keySet().forEach(k -> keys.add(String.valueOf(k)));
    return keys;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
    for (E constant : type.getEnumConstants()) {
      if (constant.toString().equals(name)) {
        return constant;
      }
    }
    return null;
  }

  /** A policy written as a YAML/JSON map in the file, back to JSON text. */
  static String json(Object node) {
    StringBuilder out = new StringBuilder();
    write(out, node);
    return out.toString();
  }

  private static void write(StringBuilder out, Object node) {
    if (node instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        JsonStrings.appendQuoted(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue());
        separator = ",";
      }
      out.append('}');
    } else if (node instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else if (node == null || node instanceof Boolean || node instanceof Number) {
      out.append(node);
    } else {
      JsonStrings.appendQuoted(out, node.toString());
    }
  }
}
