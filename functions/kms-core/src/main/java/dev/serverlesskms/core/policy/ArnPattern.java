package dev.serverlesskms.core.policy;

/**
 * An ARN pattern as IAM matches one in {@code Resource} and the {@code Arn*} condition operators:
 * each of the six colon-separated parts ({@code arn:partition:service:region:account:resource}) is
 * matched on its own, so a wildcard never spans a colon of the first five; the resource part may
 * itself hold colons. A pattern with fewer than six parts ({@code *}) is matched as one wildcard
 * over the whole value.
 */
final class ArnPattern {
  private static final int PARTS = 6;

  private final Wildcard whole;
  private final Wildcard[] parts;

  private ArnPattern(Wildcard whole, Wildcard[] parts) {
    this.whole = whole;
    this.parts = parts;
  }

  static ArnPattern of(Wildcard pattern) {
    int[] bounds = new int[PARTS + 1];
    int found = 0;
    for (int i = 0; i < pattern.length() && found < PARTS - 1; i++) {
      if (pattern.isLiteral(i, ':')) {
        bounds[++found] = i + 1;
      }
    }
    if (found < PARTS - 1) {
      return new ArnPattern(pattern, null);
    }
    bounds[PARTS] = pattern.length() + 1;
    Wildcard[] parts = new Wildcard[PARTS];
    for (int k = 0; k < PARTS; k++) {
      parts[k] = pattern.slice(bounds[k], bounds[k + 1] - 1);
    }
    return new ArnPattern(pattern, parts);
  }

  boolean matchesEverything() {
    return parts == null && whole.matchesEverything();
  }

  boolean matches(String value) {
    if (parts == null) {
      return whole.matches(value);
    }
    int from = 0;
    for (int k = 0; k < PARTS - 1; k++) {
      int colon = value.indexOf(':', from);
      if (colon < 0 || !parts[k].matches(value, from, colon)) {
        return false;
      }
      from = colon + 1;
    }
    return parts[PARTS - 1].matches(value, from, value.length());
  }

  @Override
  public String toString() {
    return whole.toString();
  }
}
