package dev.serverlesskms.core.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
