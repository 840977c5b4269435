package dev.serverlesskms.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A grant's constraints ({@code Constraints} on the wire): the grant allows an operation only when
 * the request meets them.
 *
 * <ul>
 *   <li>{@code EncryptionContextEquals}: the request's encryption context is exactly these pairs;
 *   <li>{@code EncryptionContextSubset}: the request's encryption context includes these pairs (and
 *       may have more);
 *   <li>{@code SourceArn}: the request is made on behalf of this AWS resource ({@code
 *       aws:SourceArn}).
 * </ul>
 *
 * As AWS documents it, the keys of a constraint's pairs match case-insensitively and the values
 * case-sensitively; the encryption context constraints apply only to operations that take an
 * encryption context ({@link GrantOperation#takesEncryptionContext()}).
 *
 * @param encryptionContextSubset pairs the request must include, or {@code null}
 * @param encryptionContextEquals the pairs the request must have exactly, or {@code null}
 * @param sourceArn the resource the request must be made for, or {@code null}
 */
public record GrantConstraints(
    Map<String, String> encryptionContextSubset,
    Map<String, String> encryptionContextEquals,
    String sourceArn) {
  /** No constraint at all. */
  public static final GrantConstraints NONE = new GrantConstraints(null, null, null);

  public GrantConstraints {
    encryptionContextSubset =
        encryptionContextSubset == null ? null : Map.copyOf(encryptionContextSubset);
    encryptionContextEquals =
        encryptionContextEquals == null ? null : Map.copyOf(encryptionContextEquals);
  }

  /** Whether there is an encryption context constraint of either kind. */
  public boolean constrainsEncryptionContext() {
    return encryptionContextSubset != null || encryptionContextEquals != null;
  }

  /** Whether a request with this encryption context (empty for none) meets the pair constraints. */
  public boolean allowsEncryptionContext(Map<String, String> requestContext) {
    Map<String, String> request = requestContext == null ? Map.of() : requestContext;
    if (encryptionContextEquals != null
        && !(request.size() == encryptionContextEquals.size()
            && includes(request, encryptionContextEquals))) {
      return false;
    }
    return encryptionContextSubset == null || includes(request, encryptionContextSubset);
  }

  /**
   * Whether a request made on behalf of {@code requestSourceArn} meets the SourceArn constraint.
   */
  public boolean allowsSourceArn(String requestSourceArn) {
    return sourceArn == null || sourceArn.equals(requestSourceArn);
  }

  /**
   * Whether every request these constraints allow, {@code parent} allows too: what a grant created
   * under a grant's CreateGrant permission must satisfy ("an equally strict or stricter encryption
   * context constraint", and the same SourceArn).
   *
   * @param parent the constraints of the grant that allows the creation, or {@code null}
   */
  public boolean atLeastAsStrictAs(GrantConstraints parent) {
    if (parent == null) {
      return true;
    }
    if (parent.sourceArn != null && !parent.sourceArn.equals(sourceArn)) {
      return false;
    }
    if (parent.encryptionContextEquals != null
        && !(encryptionContextEquals != null
            && encryptionContextEquals.size() == parent.encryptionContextEquals.size()
            && includes(encryptionContextEquals, parent.encryptionContextEquals))) {
      return false;
    }
    if (parent.encryptionContextSubset != null) {
      boolean byEquals =
          encryptionContextEquals != null
              && includes(encryptionContextEquals, parent.encryptionContextSubset);
      boolean bySubset =
          encryptionContextSubset != null
              && includes(encryptionContextSubset, parent.encryptionContextSubset);
      return byEquals || bySubset;
    }
    return true;
  }

  /**
   * Whether every pair of {@code required} is in {@code pairs}: a key of the same letters in any
   * case, with exactly the same value.
   */
  private static boolean includes(Map<String, String> pairs, Map<String, String> required) {
    for (Map.Entry<String, String> needed : required.entrySet()) {
      if (!containsPair(pairs, needed.getKey(), needed.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsPair(Map<String, String> pairs, String key, String value) {
    String exact = pairs.get(key);
    if (value.equals(exact)) {
      return true;
    }
    String folded = key.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      if (pair.getKey().toLowerCase(Locale.ROOT).equals(folded)
          && Objects.equals(pair.getValue(), value)) {
        return true;
      }
    }
    return false;
  }
}
