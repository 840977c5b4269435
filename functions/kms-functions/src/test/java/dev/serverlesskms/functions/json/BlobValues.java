package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Random blob values for the tests that read one value two ways and compare: padded base64 or not,
 * whitespace, the URL-safe alphabet, non-ASCII, and characters that JSON escapes.
 */
final class BlobValues {
  private static final String[] PIECES = {
    "A", "Q", "w", "g", "+", "/", "=", "==", "-", "_", " ", "\n", "\u00e9", "AAAA", "QUJD", "\"",
    "\\"
  };

  private BlobValues() {}

  /** Up to eight pieces, as the value's characters (not yet quoted for JSON). */
  static String next(Random random) {
    StringBuilder value = new StringBuilder();
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      value.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return value.toString();
  }

  /** The value as it stands between the quotes of a JSON string. */
  static String quoted(String value) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(value));
  }

  /** What a reading gave, comparable: the bytes, or "refused". */
  static String outcome(Callable<byte[]> reading) {
    try {
      return Arrays.toString(reading.call());
    } catch (Exception refused) {
      return "refused";
    }
  }
}
