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

  /**
   * Appends {@code s} as a quoted JSON string. Runs of characters that need no escape (nearly all
   * of an audit line: ids, ARNs, names, timestamps) are appended with one bulk copy each, not char
   * by char: the per-char appends were most of the audit line's cost in the facade profile.
   */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    int length = s.length();
    int plainFrom = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        continue; // printable ASCII: part of the current plain run
      }
      if (c >= 0x7F && !isUnicodeLineBreak(c) && !Character.isSurrogate(c)) {
        continue; // other BMP characters pass through raw
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a well-formed pair passes through raw, in the run
        continue;
      }
      out.append(s, plainFrom, i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        appendEscape(out, c); // control character, Unicode line break or unpaired surrogate
      }
      plainFrom = i + 1;
    }
    out.append(s, plainFrom, length).append('"');
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
