package dev.serverlesskms.core.error;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request constraint checks that fail with AWS's exact {@code ValidationException} wording ({@code
 * 1 validation error detected: Value ... at 'member' failed to satisfy constraint: ...}).
 *
 * <p>Member names are the camelCase names AWS uses in these messages. Values are echoed only by the
 * methods whose name says so; blob-valued members (plaintext, ciphertext) are never echoed. Every
 * caller string an error message repeats, here or anywhere else, goes through {@link #echo}, so no
 * answer or audit record grows with what a caller sends.
 */
public final class Validation {
  /**
   * The most characters of a caller's value an error message repeats: every legal identifier (a key
   * ARN, an alias ARN with a 256-character name) fits, garbage does not.
   */
  public static final int MAX_ECHO_CHARS = 512;

  /** What stands for the rest of a value cut at {@link #MAX_ECHO_CHARS}. */
  public static final String ECHO_CUT = "...";

  private Validation() {}

  /**
   * A caller's value as an error message may repeat it: unchanged up to {@link #MAX_ECHO_CHARS}
   * characters, else its first ones followed by {@link #ECHO_CUT} (never half a surrogate pair).
   */
  public static String echo(String value) {
    if (value == null || value.length() <= MAX_ECHO_CHARS) {
      return value;
    }
    int end = MAX_ECHO_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + ECHO_CUT;
  }

  /**
   * AWS's error for a value outside an enum's set, echoing the value (cut by {@link #echo}).
   *
   * @param allowed the set as AWS lists it, e.g. {@code [AES_256, AES_128]}
   */
  public static KmsException notInEnum(String value, String member, String allowed) {
    return error(
        "Value '"
            + echo(value)
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy enum value set: "
            + allowed);
  }

  public static KmsException error(String detail) {
    return KmsException.of(KmsErrorType.VALIDATION, "1 validation error detected: " + detail);
  }

  /**
   * A validation error whose message AWS words freely (no "1 validation error detected" prefix).
   */
  public static KmsException plain(String message) {
    return KmsException.of(KmsErrorType.VALIDATION, message);
  }

  public static <T> T required(T value, String member) {
    if (value == null) {
      throw error(
          "Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  /** String length, echoing the value (for identifiers, names and descriptions). */
  public static String length(String value, int min, int max, String member) {
    if (value == null) {
      return null;
    }
    if (value.length() < min) {
      throw error(
          "Value '"
              + echo(value)
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must have length greater than or equal to "
              + min);
    }
    if (value.length() > max) {
      throw error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length less than or equal to "
              + max);
    }
    return value;
  }

  /** Blob length; never echoes the value. */
  public static byte[] blobLength(byte[] value, int min, int max, String member) {
    if (value == null) {
      return null;
    }
    if (value.length < min) {
      throw error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length greater than or equal to "
              + min);
    }
    if (value.length > max) {
      throw error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length less than or equal to "
              + max);
    }
    return value;
  }

  public static Integer range(Integer value, int min, int max, String member) {
    if (value == null) {
      return null;
    }
    if (value < min) {
      throw error(
          "Value '"
              + value
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must have value greater than or equal to "
              + min);
    }
    if (value > max) {
      throw error(
          "Value '"
              + value
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must have value less than or equal to "
              + max);
    }
    return value;
  }

  public static String pattern(String value, Pattern pattern, String member) {
    if (value != null && !pattern.matcher(value).matches()) {
      throw error(
          "Value '"
              + echo(value)
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + pattern.pattern());
    }
    return value;
  }

  public static <C extends Collection<?>> C size(C values, int min, int max, String member) {
    if (values == null) {
      return null;
    }
    if (values.size() < min) {
      throw error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length greater than or equal to "
              + min);
    }
    if (values.size() > max) {
      throw error(
          "Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length less than or equal to "
              + max);
    }
    return values;
  }

  public static <M extends Map<?, ?>> M noNullValues(M map, String member) {
    if (map != null) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw error(
              "Value null at '"
                  + member
                  + "' failed to satisfy constraint: Member must not be null");
        }
      }
    }
    return map;
  }

  /** Grant tokens: at most 10, each 1 to 8192 characters. */
  public static void grantTokens(java.util.List<String> tokens) {
    size(tokens, 0, 10, "grantTokens");
    if (tokens != null) {
      for (String token : tokens) {
        required(token, "grantTokens");
        length(token, 1, 8192, "grantTokens");
      }
    }
  }
}
