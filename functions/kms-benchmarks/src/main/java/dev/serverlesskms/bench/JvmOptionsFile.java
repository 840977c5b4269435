package dev.serverlesskms.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The local server's jvm.options as ./kms-local reads it: one option per line, '#' starts a
 * comment, blank lines ignored. Read at run time, so the matrix measures the options the user gets
 * today.
 */
final class JvmOptionsFile {
  private JvmOptionsFile() {}

  static List<String> parse(String text) {
    List<String> options = new ArrayList<>();
    for (String line : text.split("\n")) {
      int comment = line.indexOf('#');
      String option = (comment < 0 ? line : line.substring(0, comment)).trim();
      if (!option.isEmpty()) {
        options.add(option);
      }
    }
    return options;
  }
}
