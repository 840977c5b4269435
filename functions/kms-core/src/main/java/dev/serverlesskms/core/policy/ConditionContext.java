package dev.serverlesskms.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The values of the condition keys of one request ({@code kms:EncryptionContext:Department}, {@code
 * aws:SourceIp}, ...). A key a request does not have is absent, which is not the same as present
 * with no values (see the {@code Null} operator and the {@code IfExists} forms).
 *
 * <p>Values may be computed on first use (a {@link Supplier}): some keys cost a store read ({@code
 * kms:ResourceAliases}), and most policies never ask for them.
 */
public final class ConditionContext {
  private final Map<String, Supplier<List<String>>> values;

  private ConditionContext(Map<String, Supplier<List<String>>> values) {
    this.values = values;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static ConditionContext empty() {
    return builder().build();
  }

  /**
   * The values of a condition key, or {@code null} when the request does not have it. Condition key
   * names are case-insensitive, as in IAM.
   */
  public List<String> values(String key) {
    Supplier<List<String>> supplier = values.get(key.toLowerCase(Locale.ROOT));
    return supplier == null ? null : supplier.get();
  }

  /** A context with this one's keys and those of {@code other} (which win). */
  public ConditionContext with(ConditionContext other) {
    Map<String, Supplier<List<String>>> merged = new TreeMap<>(values);
    merged.putAll(other.values);
    return new ConditionContext(merged);
  }

  public static final class Builder {
    private final Map<String, Supplier<List<String>>> values = new TreeMap<>();

    private Builder() {}

    public Builder put(String key, String value) {
      return put(key, List.of(value));
    }

    public Builder put(String key, List<String> value) {
      List<String> copy = List.copyOf(value);
      values.put(key.toLowerCase(Locale.ROOT), () -> copy);
      return this;
    }

    /**
     * The condition keys of a request's encryption context: {@code
     * kms:EncryptionContext:<context-key>} for each pair and {@code kms:EncryptionContextKeys} (the
     * context keys, with their case); nothing when the context is empty, so that {@code "Null":
     * {"kms:EncryptionContextKeys": "true"}} holds for a request without one.
     *
     * <p>The context-key part of the condition key is not case sensitive, while the value's case is
     * left to the operator (KMS Developer Guide, "Case sensitivity of the encryption context
     * condition"): condition key names are lower-cased here like every other. Two pairs whose keys
     * differ only by case therefore meet in one condition key, which has both values.
     */
    public Builder encryptionContext(Map<String, String> context) {
      if (context.isEmpty()) {
        return this;
      }
      Map<String, List<String>> byKey = new TreeMap<>();
      for (Map.Entry<String, String> pair : context.entrySet()) {
        byKey
            .computeIfAbsent(
                ("kms:EncryptionContext:" + pair.getKey()).toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(pair.getValue());
      }
      byKey.forEach(this::put);
      return put("kms:EncryptionContextKeys", new ArrayList<>(new TreeSet<>(context.keySet())));
    }

    /** A key whose values are computed when a condition first asks for them, once. */
    public Builder putLazily(String key, Supplier<List<String>> value) {
      values.put(key.toLowerCase(Locale.ROOT), new Once(value));
      return this;
    }

    public ConditionContext build() {
      return new ConditionContext(new TreeMap<>(values));
    }
  }

  private static final class Once implements Supplier<List<String>> {
    private final Supplier<List<String>> compute;
    private List<String> value;

    Once(Supplier<List<String>> compute) {
      this.compute = compute;
    }

    @Override
    public synchronized List<String> get() {
      if (value == null) {
        value = List.copyOf(compute.get());
      }
      return value;
    }
  }
}
