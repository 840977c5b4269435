package dev.serverlesskms.core.policy;

import java.util.Arrays;

/**
 * A compiled IAM wildcard pattern: {@code *} matches any run of characters (none included), {@code
 * ?} exactly one. Which characters are wildcards is kept beside the text, so that a literal {@code
 * *} (the policy variable {@code ${*}}) stays a literal. Matching allocates nothing: it runs on
 * every request.
 */
final class Wildcard {
  private final char[] chars;
  private final boolean[] wild;
  private final boolean literal;
  private final String text;

  Wildcard(char[] chars, boolean[] wild) {
    this.chars = chars;
    this.wild = wild;
    boolean anyWild = false;
    for (boolean w : wild) {
      anyWild |= w;
    }
    this.literal = !anyWild;
    this.text = new String(chars);
  }

  /** {@code pattern} with every {@code *} and {@code ?} a wildcard. */
  static Wildcard of(String pattern) {
    char[] chars = pattern.toCharArray();
    boolean[] wild = new boolean[chars.length];
    for (int i = 0; i < chars.length; i++) {
      wild[i] = chars[i] == '*' || chars[i] == '?';
    }
    return new Wildcard(chars, wild);
  }

  /** Whether this pattern is the lone {@code *}, which matches everything. */
  boolean matchesEverything() {
    return chars.length == 1 && wild[0] && chars[0] == '*';
  }

  boolean matches(String value) {
    return literal ? text.equals(value) : matches(value, 0, value.length());
  }

  /** Whether {@code value[from, to)} matches, without copying it. */
  boolean matches(String value, int from, int to) {
    int n = chars.length;
    if (literal) {
      return to - from == n && value.regionMatches(from, text, 0, n);
    }
    int p = 0;
    int i = from;
    int starP = -1;
    int starI = -1;
    while (i < to) {
      if (p < n && (wild[p] ? chars[p] == '?' : chars[p] == value.charAt(i))) {
        p++;
        i++;
      } else if (p < n && wild[p]) { // '*': first try it empty, widen on a later mismatch
        starP = p++;
        starI = i;
      } else if (starP >= 0) {
        p = starP + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < n && wild[p] && chars[p] == '*') {
      p++;
    }
    return p == n;
  }

  int length() {
    return chars.length;
  }

  /** The part {@code [from, to)} of this pattern, as a pattern of its own. */
  Wildcard slice(int from, int to) {
    return new Wildcard(Arrays.copyOfRange(chars, from, to), Arrays.copyOfRange(wild, from, to));
  }

  char charAt(int i) {
    return chars[i];
  }

  /** Whether position {@code i} is a wildcard ({@code *} or {@code ?}), not a literal character. */
  boolean isWild(int i) {
    return wild[i];
  }

  boolean isLiteral() {
    return literal;
  }

  @Override
  public String toString() {
    return text;
  }
}
