package dev.serverlesskms.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @Test
  void plainTextIsQuotedAsItIs() {
    assertEquals("\"\"", JsonStrings.quote(""));
    assertEquals(
        "\"arn:aws:kms:us-east-1:111122223333:key/1234abcd\"",
        JsonStrings.quote("arn:aws:kms:us-east-1:111122223333:key/1234abcd"));
  }

  @Test
  void quoteAndBackslashAreEscapedWhereverTheyStand() {
    assertEquals("\"\\\"a\\\\b\\\"\"", JsonStrings.quote("\"a\\b\""));
  }

  @Test
  void controlCharactersAndUnicodeLineBreaksBecomeUnicodeEscapes() {
    assertEquals("\"a\\u000ab\\u0000\\u001f\"", JsonStrings.quote("a\nb\u0000\u001f"));
    assertEquals("\"\\u0085x\\u2028y\\u2029\"", JsonStrings.quote("\u0085x\u2028y\u2029"));
  }

  @Test
  void otherCharactersPassThroughRaw() {
    assertEquals(
        "\"\u007f caf\u00e9 \u20ac \uD83D\uDD11\"",
        JsonStrings.quote("\u007f caf\u00e9 \u20ac \uD83D\uDD11"));
  }

  @Test
  void unpairedSurrogatesAreEscapedAlone() {
    assertEquals("\"a\\ud83d\"", JsonStrings.quote("a\uD83D"));
    assertEquals("\"\\udd11b\"", JsonStrings.quote("\uDD11b"));
    assertEquals("\"\\ud83dx\\udd11\"", JsonStrings.quote("\uD83Dx\uDD11"));
  }

  @Test
  void appendsAfterWhatTheBuilderHolds() {
    StringBuilder out = new StringBuilder("{\"k\":");
    JsonStrings.appendQuoted(out, "v\"w");
    assertEquals("{\"k\":\"v\\\"w\"", out.toString());
  }

  /** The run-copying writer against the plain char-by-char rules, on strings mixing every case. */
  @Test
  void agreesWithCharByCharEscapingOnRandomStrings() {
    char[] alphabet = {
      'a', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u0085', '\u00e9',
      '\u2028', '\u2029', '\u20ac', '\uD83D', '\uDD11', '\uFFFF'
    };
    Random random = new Random(20261204);
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(12)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String s = new String(chars);
      assertEquals(
          charByChar(s),
          JsonStrings.quote(s),
          () -> "for " + s.chars().mapToObj(Integer::toHexString).toList());
    }
  }

  private static String charByChar(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x85 || c == 0x2028 || c == 0x2029) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
