package dev.serverlesskms.core.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The values of the condition keys of one request ({@code kms:EncryptionContext:Department}, {@code
 * aws:SourceIp}, ...). A key a request does not have is absent, which is not the same as present
 * with no values (see the {@code Null} operator and the {@code IfExists} forms).
 *
 * <p>Values may be computed on first use (a {@link Source} answers when asked): some keys cost a
 * store read ({@code kms:ResourceAliases}), and most policies never ask for them. A context is
 * built on every request, so nothing here copies maps: merged contexts are linked as layers.
 */
public final class ConditionContext {
  /** Where a context's values come from. */
  @FunctionalInterface
  public interface Source {
    /**
     * @param lowerCaseKey a condition key name in lower case
     * @return its values, or {@code null} when the request does not have the key
     */
    List<String> values(String lowerCaseKey);
  }

  private static final ConditionContext EMPTY = new ConditionContext(List.of());

  /** The sources of the contexts merged into this one, the winning one last. */
  private final List<Source> layers;

  private ConditionContext(List<Source> layers) {
    this.layers = layers;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static ConditionContext empty() {
    return EMPTY;
  }

  /**
   * A context whose values are computed when a condition asks for them (and each time it asks: a
   * source that costs something should remember its answers).
   */
  public static ConditionContext of(Source source) {
    return new ConditionContext(List.of(source));
  }

  /**
   * The values of a condition key, or {@code null} when the request does not have it. Condition key
   * names are case-insensitive, as in IAM.
   */
  public List<String> values(String key) {
    String name = key.toLowerCase(Locale.ROOT); // the same string when already lower case
    for (int i = layers.size() - 1; i >= 0; i--) {
      List<String> values = layers.get(i).values(name);
      if (values != null) {
        return values;
      }
    }
    return null;
  }

  /** A context with this one's keys and those of {@code other} (which win). */
  public ConditionContext with(ConditionContext other) {
    if (other.layers.isEmpty()) {
      return this;
    }
    if (layers.isEmpty()) {
      return other;
    }
    List<Source> merged = new ArrayList<>(layers.size() + other.layers.size());
    merged.addAll(layers);
    merged.addAll(other.layers);
    return new ConditionContext(merged);
  }

  public static final class Builder {
    private Map<String, Supplier<List<String>>> values = new HashMap<>();
    private Map<String, String> encryptionContext = Map.of();
    private boolean built;

    private Builder() {}

    public Builder put(String key, String value) {
      return put(key, List.of(value));
    }

    public Builder put(String key, List<String> value) {
      List<String> copy = List.copyOf(value);
      writable().put(key.toLowerCase(Locale.ROOT), () -> copy);
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
     * condition"). Two pairs whose keys differ only by case therefore meet in one condition key,
     * which has both values.
     */
    public Builder encryptionContext(Map<String, String> context) {
      encryptionContext = Map.copyOf(context);
      return this;
    }

    public ConditionContext build() {
      built = true; // the map is handed over, not copied: a later put copies it first
      List<Source> layers = new ArrayList<>(2);
      if (!encryptionContext.isEmpty()) {
        layers.add(new EncryptionContextSource(encryptionContext));
      }
      if (!values.isEmpty()) {
        Map<String, Supplier<List<String>>> map = values;
        layers.add(
            key -> {
              Supplier<List<String>> supplier = map.get(key);
              return supplier == null ? null : supplier.get();
            });
      }
      return layers.isEmpty() ? EMPTY : new ConditionContext(layers);
    }

    private Map<String, Supplier<List<String>>> writable() {
      if (built) {
        values = new HashMap<>(values);
        built = false;
      }
      return values;
    }
  }

  /** The encryption context's condition keys, answered from the context itself when asked. */
  private static final class EncryptionContextSource implements Source {
    private static final String PREFIX = "kms:encryptioncontext:";
    private static final String KEYS = "kms:encryptioncontextkeys";

    private final Map<String, String> context;

    EncryptionContextSource(Map<String, String> context) {
      this.context = context;
    }

    @Override
    public List<String> values(String key) {
      if (key.equals(KEYS)) {
        return List.copyOf(new TreeSet<>(context.keySet()));
      }
      if (!key.startsWith(PREFIX)) {
        return null;
      }
      String contextKey = key.substring(PREFIX.length());
      List<String> values = null;
      for (Map.Entry<String, String> pair : context.entrySet()) {
        if (pair.getKey().equalsIgnoreCase(contextKey)) {
          if (values == null) {
            values = new ArrayList<>(1);
          }
          values.add(pair.getValue());
        }
      }
      return values;
    }
  }
}
