package dev.serverlesskms.core.json;

/**
 * JSON string literals, written by hand because kms-core has no JSON library. Quotes, backslashes,
 * control characters and unpaired surrogates are escaped, and so are the Unicode line breaks U+0085
 * (NEL), U+2028 (LINE SEPARATOR) and U+2029 (PARAGRAPH SEPARATOR), which JSON allows raw but which
 * some line readers (JavaScript's, Python's {@code str.splitlines}, editors) split on: the output
 * never contains a line break of any kind, so it is safe inside one JSON line (the audit log) or
 * one error body.
 */
public final class JsonStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  /** {@code s} as a quoted JSON string. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendQuoted(out, s);
    return out.toString();
  }

  /** Appends {@code s} as a quoted JSON string. */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || isUnicodeLineBreak(c)) {
        appendEscape(out, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        appendEscape(out, c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static boolean isUnicodeLineBreak(char c) {
    return c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  private static void appendEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
