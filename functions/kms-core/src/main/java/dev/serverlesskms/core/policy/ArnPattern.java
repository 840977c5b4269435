package dev.serverlesskms.core.policy;

import java.util.Arrays;

/**
 * An ARN pattern as IAM matches one ({@code arn:partition:service:region:account:resource}):
 *
 * <ul>
 *   <li>In the first five parts a wildcard stays inside its part: {@code *} and {@code ?} match no
 *       colon ("Each of the six colon-delimited components of the ARN is checked separately", IAM
 *       User Guide, condition operators, {@code ArnLike}).
 *   <li>In the {@code Resource} element, a {@code *} that ends a part may run past the colon: "If
 *       the * wildcard is the last character of a resource ARN segment, it can expand to match
 *       beyond the colon boundaries" (IAM User Guide, Resource element).
 *   <li>In the resource part (after the fifth colon), and for a {@code *} ending the whole pattern
 *       ({@code arn:aws:kms:*}, {@code *}), wildcards match any characters, colons included.
 * </ul>
 *
 * The common shapes are matched directly: a literal ARN by equality; a pattern whose wildcards may
 * all cross colons ({@code arn:aws:kms:*:111122223333:key/*} as a Resource) as one plain wildcard;
 * a pattern whose wildcards all stay in their parts ({@code arn:aws:iam::*:role/ops} in ArnLike)
 * part by part. Any other mix runs as a small automaton over a bit set of positions. Every way
 * takes time bounded by value length times pattern length (no backtracking blow-up for a policy
 * author to provoke), and none allocates for a pattern of up to 63 characters.
 */
final class ArnPattern {
  private static final byte LITERAL = 0;
  private static final byte ONE_IN_PART = 1;
  private static final byte ONE_ANY = 2;
  private static final byte RUN_IN_PART = 3;
  private static final byte RUN_ANY = 4;
  private static final int ARN_COLONS = 5;

  private final String text;
  private final Wildcard plain;
  private final Wildcard[] parts;
  private final char[] chars;
  private final byte[] kinds;
  private final boolean literal;
  private final boolean everything;
  private final long runs;

  /** For each position, how many literal tokens start there (compared in one go). */
  private final int[] literalRun;

  private ArnPattern(Wildcard pattern, byte[] kinds) {
    this.text = pattern.toString();
    this.plain = allCrossColons(kinds) ? pattern : null;
    this.parts = plain == null ? parts(pattern, kinds) : null;
    this.chars = text.toCharArray();
    this.kinds = kinds;
    this.literal = pattern.isLiteral();
    this.everything = kinds.length == 1 && kinds[0] == RUN_ANY;
    long mask = 0;
    for (int j = 0; j < kinds.length && j < Long.SIZE; j++) {
      if (kinds[j] >= RUN_IN_PART) {
        mask |= 1L << j;
      }
    }
    this.runs = mask;
    this.literalRun = new int[kinds.length + 1];
    for (int j = kinds.length - 1; j >= 0; j--) {
      literalRun[j] = kinds[j] == LITERAL ? literalRun[j + 1] + 1 : 0;
    }
  }

  /**
   * @param resourceElement whether the pattern is a {@code Resource}/{@code NotResource} (a {@code
   *     *} ending a part may cross colons) rather than an {@code Arn*} condition value
   */
  static ArnPattern of(Wildcard pattern, boolean resourceElement) {
    int n = pattern.length();
    byte[] kinds = new byte[n];
    int colons = 0;
    for (int i = 0; i < n; i++) {
      if (!pattern.isWild(i)) {
        kinds[i] = LITERAL;
        if (pattern.charAt(i) == ':') {
          colons++;
        }
        continue;
      }
      boolean inResourcePart = colons >= ARN_COLONS;
      if (pattern.charAt(i) == '?') {
        kinds[i] = inResourcePart ? ONE_ANY : ONE_IN_PART;
        continue;
      }
      boolean last = i == n - 1;
      boolean endsPart = i + 1 < n && !pattern.isWild(i + 1) && pattern.charAt(i + 1) == ':';
      kinds[i] = inResourcePart || last || (resourceElement && endsPart) ? RUN_ANY : RUN_IN_PART;
    }
    return new ArnPattern(pattern, kinds);
  }

  boolean matchesEverything() {
    return everything;
  }

  boolean matches(String value) {
    if (literal) {
      return text.equals(value);
    }
    if (everything) {
      return true;
    }
    if (plain != null) {
      return plain.matches(value);
    }
    if (parts != null) {
      return matchesPartByPart(value);
    }
    return kinds.length < Long.SIZE ? matchesSmall(value) : matchesLarge(value);
  }

  /** Whether every wildcard may match colons: then the pattern is one plain wildcard. */
  private static boolean allCrossColons(byte[] kinds) {
    for (byte kind : kinds) {
      if (kind == ONE_IN_PART || kind == RUN_IN_PART) {
        return false;
      }
    }
    return true;
  }

  /**
   * The six parts of a pattern whose wildcards before the resource part all stay in their parts, or
   * {@code null} for any other pattern.
   */
  private static Wildcard[] parts(Wildcard pattern, byte[] kinds) {
    int[] starts = new int[ARN_COLONS + 2];
    int found = 0;
    for (int i = 0; i < kinds.length && found < ARN_COLONS; i++) {
      if (kinds[i] == ONE_ANY || kinds[i] == RUN_ANY) {
        return null; // a wildcard crossing colons before the resource part
      }
      if (kinds[i] == LITERAL && pattern.charAt(i) == ':') {
        starts[++found] = i + 1;
      }
    }
    if (found < ARN_COLONS) {
      return null;
    }
    starts[ARN_COLONS + 1] = kinds.length + 1;
    Wildcard[] parts = new Wildcard[ARN_COLONS + 1];
    for (int k = 0; k <= ARN_COLONS; k++) {
      parts[k] = pattern.slice(starts[k], starts[k + 1] - 1);
    }
    return parts;
  }

  private boolean matchesPartByPart(String value) {
    int from = 0;
    for (int k = 0; k < ARN_COLONS; k++) {
      int colon = value.indexOf(':', from);
      if (colon < 0 || !parts[k].matches(value, from, colon)) {
        return false;
      }
      from = colon + 1;
    }
    return parts[ARN_COLONS].matches(value, from, value.length());
  }

  /** Bit j of the state: j tokens of the pattern consumed. */
  private boolean matchesSmall(String value) {
    int n = kinds.length;
    long state = closure(1L);
    int i = 0;
    while (i < value.length() && state != 0) {
      // One live position before literal text (arn:aws:kms:, :111122223333:key/): compare it at
      // once instead of a character at a time.
      if (Long.bitCount(state) == 1) {
        int j = Long.numberOfTrailingZeros(state);
        int run = j < n ? literalRun[j] : 0;
        if (run > 0) {
          if (!value.regionMatches(i, text, j, run)) {
            return false;
          }
          i += run;
          state = closure(1L << (j + run));
          continue;
        }
      }
      char c = value.charAt(i++);
      long next = 0;
      for (long s = state; s != 0; s &= s - 1) {
        int j = Long.numberOfTrailingZeros(s);
        if (j == n) {
          continue;
        }
        switch (step(j, c)) {
          case 1 -> next |= 1L << (j + 1);
          case 2 -> next |= 1L << j;
          default -> {}
        }
      }
      state = closure(next);
    }
    return i == value.length() && (state & (1L << n)) != 0;
  }

  private long closure(long state) {
    // A run matches nothing too: a state before a run also stands after it (and after the runs
    // that follow it at once).
    long out = state;
    while (true) {
      long more = out | ((out & runs) << 1);
      if (more == out) {
        return out;
      }
      out = more;
    }
  }

  private boolean matchesLarge(String value) {
    int n = kinds.length;
    boolean[] state = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    state[0] = true;
    closure(state);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      Arrays.fill(next, false);
      boolean any = false;
      for (int j = 0; j < n; j++) {
        if (!state[j]) {
          continue;
        }
        int step = step(j, c);
        if (step == 1) {
          next[j + 1] = any = true;
        } else if (step == 2) {
          next[j] = any = true;
        }
      }
      if (!any) {
        return false;
      }
      boolean[] swap = state;
      state = next;
      next = swap;
      closure(state);
    }
    return state[n];
  }

  private void closure(boolean[] state) {
    for (int j = 0; j < kinds.length; j++) {
      if (state[j] && kinds[j] >= RUN_IN_PART) {
        state[j + 1] = true;
      }
    }
  }

  /** What token {@code j} does with {@code c}: 0 fails, 1 consumes the token, 2 stays in a run. */
  private int step(int j, char c) {
    return switch (kinds[j]) {
      case LITERAL -> chars[j] == c ? 1 : 0;
      case ONE_IN_PART -> c != ':' ? 1 : 0;
      case ONE_ANY -> 1;
      case RUN_IN_PART -> c != ':' ? 2 : 0;
      default -> 2;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
