package dev.serverlesskms.core.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document into plain Java values, written by hand because kms-core has no JSON
 * library. It exists to read back what kms-core itself wrote (audit records kept in the store's
 * outbox), so it is strict rather than lenient: RFC 8259 only, no comments, no trailing commas,
 * nothing after the document.
 *
 * <p>Values: objects become {@link LinkedHashMap}s (member order kept), arrays {@link ArrayList}s,
 * strings {@link String}, {@code true}/{@code false} {@link Boolean}, {@code null} {@code null}.
 * Integers become {@link Long} (or {@link BigInteger} past its range), other numbers {@link
 * Double}; a {@code Long} and a {@code Double} print as the literal they were read from, for the
 * numbers kms-core writes (integers and Java's own {@code Double.toString}).
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not exactly one JSON value
   */
  public static Object read(String text) {
    JsonReader reader = new JsonReader(text);
    reader.skipWhitespace();
    Object value = reader.value(0);
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.error("unexpected text after the JSON value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    char c = peek();
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    pos++; // '{'
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (members.containsKey(name)) {
        throw error("duplicate member " + name);
      }
      members.put(name, value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    pos++; // '['
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return items;
    }
    while (true) {
      skipWhitespace();
      items.add(value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return items;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++; // '"'
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw error("unknown escape");
      }
    }
  }

  private char hex4() {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos++), 16);
      if (digit < 0) {
        throw error("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private Number number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    boolean integral = true;
    if (pos < text.length() && text.charAt(pos) == '.') {
      integral = false;
      pos++;
      digits();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      digits();
    }
    String literal = text.substring(start, pos);
    if (!integral) {
      return Double.valueOf(literal);
    }
    BigInteger big = new BigInteger(literal);
    return big.bitLength() < 64 ? (Number) big.longValue() : big;
  }

  private void digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of JSON");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  /** Says where, never what: the text may be an audit record, which is not for logs. */
  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
  }
}
