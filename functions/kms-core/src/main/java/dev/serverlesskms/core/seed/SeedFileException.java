package dev.serverlesskms.core.seed;

import java.util.List;

/**
 * A seed file the KMS refuses: each problem names the entry ({@code Keys[index]} and its KeyId) and
 * the field. Messages never hold key material.
 */
public final class SeedFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SeedFileException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One problem of one entry's field. */
  static SeedFileException of(int index, String keyId, String field, String problem) {
    return new SeedFileException(List.of(problem(index, keyId, field, problem)));
  }

  static String problem(int index, String keyId, String field, String problem) {
    return entryName(index, keyId) + ": " + field + ": " + problem;
  }

  static String entryName(int index, String keyId) {
    return "Keys[" + index + "]" + (keyId == null ? "" : " (KeyId " + keyId + ")");
  }

  /** Every problem found, one line each. */
  public List<String> problems() {
    return problems;
  }
}
