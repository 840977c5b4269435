package dev.serverlesskms.core.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compiles the values of one condition into a {@link ValueTest}, at parse time: patterns, numbers,
 * dates and address ranges are read once, so that evaluation only compares.
 */
final class ValueTests {
  private ValueTests() {}

  /**
   * @param variables whether policy variables are replaced (Version 2012-10-17); IAM replaces them
   *     in the string, ARN and Bool operators only
   * @return the test, or {@code null} when a value does not fit the operator (a number that is no
   *     number, an address that is no CIDR block)
   */
  static ValueTest compile(ConditionOperator operator, List<String> values, boolean variables) {
    return switch (operator.family) {
      case STRING_EQUALS -> stringEquals(strings(values, variables));
      case STRING_EQUALS_IGNORE_CASE -> stringEqualsIgnoreCase(strings(values, variables));
      case STRING_LIKE -> stringLike(strings(values, variables));
      case ARN_LIKE -> arnLike(strings(values, variables));
      case NUMERIC -> numeric(values, operator.comparison);
      case DATE -> date(values, operator.comparison);
      case BOOL -> bool(strings(values, variables));
      case BINARY -> binary(values);
      case IP -> ip(values);
      case NULL -> throw new IllegalArgumentException("Null has no value test");
    };
  }

  private static PolicyString[] strings(List<String> values, boolean variables) {
    return values.stream().map(v -> PolicyString.of(v, variables)).toArray(PolicyString[]::new);
  }

  private static boolean allConstant(PolicyString[] values) {
    return Arrays.stream(values).allMatch(PolicyString::isConstant);
  }

  private static ValueTest stringEquals(PolicyString[] values) {
    if (allConstant(values)) {
      Set<String> set = new HashSet<>();
      for (PolicyString value : values) {
        set.add(value.text(null));
      }
      if (set.size() == 1) {
        String only = set.iterator().next();
        return (v, context) -> only.equals(v);
      }
      return (v, context) -> set.contains(v);
    }
    return (v, context) -> {
      for (PolicyString value : values) {
        if (v.equals(value.text(context))) {
          return true;
        }
      }
      return false;
    };
  }

  private static ValueTest stringEqualsIgnoreCase(PolicyString[] values) {
    return (v, context) -> {
      for (PolicyString value : values) {
        String text = value.text(context);
        if (text != null && text.equalsIgnoreCase(v)) {
          return true;
        }
      }
      return false;
    };
  }

  private static ValueTest stringLike(PolicyString[] values) {
    return (v, context) -> {
      for (PolicyString value : values) {
        Wildcard pattern = value.pattern(context);
        if (pattern != null && pattern.matches(v)) {
          return true;
        }
      }
      return false;
    };
  }

  private static ValueTest arnLike(PolicyString[] values) {
    if (allConstant(values)) {
      ArnPattern[] patterns =
          Arrays.stream(values)
              .map(v -> ArnPattern.of(v.pattern(null), false))
              .toArray(ArnPattern[]::new);
      return (v, context) -> {
        for (ArnPattern pattern : patterns) {
          if (pattern.matches(v)) {
            return true;
          }
        }
        return false;
      };
    }
    return (v, context) -> {
      for (PolicyString value : values) {
        Wildcard pattern = value.pattern(context);
        if (pattern != null && ArnPattern.of(pattern, false).matches(v)) {
          return true;
        }
      }
      return false;
    };
  }

  private static ValueTest numeric(List<String> values, ConditionOperator.Comparison comparison) {
    BigDecimal[] numbers = new BigDecimal[values.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = number(values.get(i));
      if (numbers[i] == null) {
        return null;
      }
    }
    return (v, context) -> {
      BigDecimal request = number(v);
      if (request == null) {
        return false;
      }
      for (BigDecimal number : numbers) {
        if (comparison.holds(request.compareTo(number))) {
          return true;
        }
      }
      return false;
    };
  }

  private static BigDecimal number(String text) {
    // BigDecimal would read "1e999999999" (slow to compare) and Unicode digits: keep to plain
    // forms.
    if (text.isEmpty() || text.length() > 64) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) {
        return null;
      }
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ValueTest date(List<String> values, ConditionOperator.Comparison comparison) {
    Instant[] dates = new Instant[values.size()];
    for (int i = 0; i < dates.length; i++) {
      dates[i] = PolicyDates.parse(values.get(i));
      if (dates[i] == null) {
        return null;
      }
    }
    return (v, context) -> {
      Instant request = PolicyDates.parse(v);
      if (request == null) {
        return false;
      }
      for (Instant date : dates) {
        if (comparison.holds(request.compareTo(date))) {
          return true;
        }
      }
      return false;
    };
  }

  /** IAM compares booleans without regard to case, and allows policy variables in them. */
  private static ValueTest bool(PolicyString[] values) {
    if (allConstant(values)) {
      Set<String> accepted = new HashSet<>();
      for (PolicyString value : values) {
        accepted.add(value.text(null).toLowerCase(Locale.ROOT));
      }
      return (v, context) -> accepted.contains(v.toLowerCase(Locale.ROOT));
    }
    return stringEqualsIgnoreCase(values);
  }

  private static ValueTest binary(List<String> values) {
    byte[][] blobs = new byte[values.size()][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = base64(values.get(i));
      if (blobs[i] == null) {
        return null;
      }
    }
    return (v, context) -> {
      byte[] request = base64(v);
      if (request == null) {
        return false;
      }
      for (byte[] blob : blobs) {
        if (Arrays.equals(blob, request)) {
          return true;
        }
      }
      return false;
    };
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ValueTest ip(List<String> values) {
    IpRange[] ranges = new IpRange[values.size()];
    for (int i = 0; i < ranges.length; i++) {
      ranges[i] = IpRange.parse(values.get(i));
      if (ranges[i] == null) {
        return null;
      }
    }
    return (v, context) -> {
      for (IpRange range : ranges) {
        if (range.contains(v)) {
          return true;
        }
      }
      return false;
    };
  }
}
