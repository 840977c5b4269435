package dev.serverlesskms.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A string of a policy ({@code Resource}, a condition value) that may hold policy variables: {@code
 * ${aws:username}} takes the value of that condition key in the request, {@code ${*}}, {@code ${?}}
 * and {@code ${$}} stand for a literal {@code *}, {@code ?} and {@code $}, and {@code ${key,
 * 'default'}} gives a value for a key the request lacks. IAM replaces variables only in documents
 * of Version {@code 2012-10-17}; in older ones the text is taken as it is.
 *
 * <p>A string without variables is compiled once; one with variables is resolved per request (a key
 * the request lacks, without a default, makes the string match nothing, as in IAM).
 */
final class PolicyString {
  /** One piece: literal text (whose {@code *}/{@code ?} are wildcards) or a variable. */
  private record Segment(String text, boolean escaped, String variable, String fallback) {}

  private final String source;
  private final List<Segment> segments;
  private final Wildcard constantPattern;

  private PolicyString(String source, List<Segment> segments) {
    this.source = source;
    this.segments = segments;
    this.constantPattern =
        segments.stream().anyMatch(s -> s.variable != null) ? null : build(segments, null);
  }

  static PolicyString of(String text, boolean variables) {
    List<Segment> segments = new ArrayList<>();
    if (!variables) {
      segments.add(new Segment(text, false, null, null));
      return new PolicyString(text, segments);
    }
    int from = 0;
    while (from < text.length()) {
      int open = text.indexOf("${", from);
      int close = open < 0 ? -1 : text.indexOf('}', open + 2);
      if (close < 0) {
        segments.add(new Segment(text.substring(from), false, null, null));
        break;
      }
      if (open > from) {
        segments.add(new Segment(text.substring(from, open), false, null, null));
      }
      segments.add(variable(text.substring(open + 2, close)));
      from = close + 1;
    }
    return new PolicyString(text, segments);
  }

  private static Segment variable(String inside) {
    String name = inside.trim();
    if (name.equals("*") || name.equals("?") || name.equals("$")) {
      return new Segment(name, true, null, null);
    }
    String fallback = null;
    int comma = name.indexOf(',');
    if (comma >= 0) {
      String rest = name.substring(comma + 1).trim();
      name = name.substring(0, comma).trim();
      if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
        fallback = rest.substring(1, rest.length() - 1);
      }
    }
    return new Segment(null, false, name.toLowerCase(Locale.ROOT), fallback);
  }

  /** Whether the string holds no variable, so that it is the same for every request. */
  boolean isConstant() {
    return constantPattern != null;
  }

  /** The string as a wildcard pattern for this request, or {@code null} (a variable is missing). */
  Wildcard pattern(ConditionContext context) {
    return constantPattern != null ? constantPattern : build(segments, context);
  }

  /**
   * The string as plain text for this request ({@code *} and {@code ?} are plain characters), or
   * {@code null} when a variable is missing.
   */
  String text(ConditionContext context) {
    Wildcard pattern = pattern(context);
    return pattern == null ? null : pattern.toString();
  }

  private static Wildcard build(List<Segment> segments, ConditionContext context) {
    StringBuilder chars = new StringBuilder();
    List<Boolean> wild = new ArrayList<>();
    for (Segment segment : segments) {
      if (segment.variable != null) {
        String value = value(segment, context);
        if (value == null) {
          return null;
        }
        chars.append(value);
        for (int i = 0; i < value.length(); i++) {
          wild.add(false);
        }
      } else {
        chars.append(segment.text);
        for (int i = 0; i < segment.text.length(); i++) {
          char c = segment.text.charAt(i);
          wild.add(!segment.escaped && (c == '*' || c == '?'));
        }
      }
    }
    boolean[] flags = new boolean[wild.size()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = wild.get(i);
    }
    return new Wildcard(chars.toString().toCharArray(), flags);
  }

  private static String value(Segment segment, ConditionContext context) {
    List<String> values = context == null ? null : context.values(segment.variable);
    if (values != null && values.size() == 1) {
      return values.get(0);
    }
    return segment.fallback;
  }

  @Override
  public String toString() {
    return source;
  }
}
