package dev.serverlesskms.functions.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys the local server accepts, each with its secret and the principal it stands for.
 *
 * <p>Two sources, merged: an inline list ({@code AKID:SECRET[:ARN],...}, from configuration or the
 * environment) and a file of lines {@code AKID SECRET [ARN]} ({@code #} starts a comment). A key
 * without an ARN stands for {@code arn:aws:iam::<account>:user/<AKID>}.
 */
public final class LocalCredentials {
  /** One accepted access key. {@code toString} never shows the secret. */
  public record Credential(String accessKeyId, String secretAccessKey, String principalArn) {
    @Override
    public String toString() {
      return "Credential[" + accessKeyId + " as " + principalArn + "]";
    }
  }

  /** The documented, public development pair: for loopback use only. */
  public static final String DEVELOPMENT_ACCESS_KEY_ID = "test";

  public static final String DEVELOPMENT_SECRET = "test";

  private final Map<String, Credential> byAccessKeyId;

  private LocalCredentials(Map<String, Credential> byAccessKeyId) {
    this.byAccessKeyId = Map.copyOf(byAccessKeyId);
  }

  /**
   * @param inline {@code AKID:SECRET[:ARN]} entries separated by commas, or empty
   * @param file a credentials file, or empty
   * @param accountId the account unnamed principals belong to
   */
  public static LocalCredentials load(
      Optional<String> inline, Optional<Path> file, String accountId) {
    Map<String, Credential> credentials = new HashMap<>();
    inline.ifPresent(
        list -> {
          for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
              String[] parts = entry.trim().split(":", 3);
              add(credentials, parts, accountId, "inline credentials");
            }
          }
        });
    if (file.isPresent()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the credentials file " + file.get(), e);
      }
      for (String line : lines) {
        String content = line.replaceFirst("#.*", "").trim();
        if (!content.isEmpty()) {
          add(credentials, content.split("\\s+", 3), accountId, "credentials file " + file.get());
        }
      }
    }
    if (credentials.isEmpty()) {
      throw new IllegalStateException(
          "no credentials configured: the local server would accept no request");
    }
    return new LocalCredentials(credentials);
  }

  private static void add(
      Map<String, Credential> credentials, String[] parts, String accountId, String source) {
    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalStateException(
          "a credential in the " + source + " needs an access key id and a secret");
    }
    String arn =
        parts.length == 3
            ? parts[2].trim()
            : "arn:aws:iam::" + accountId + ":user/" + parts[0].trim();
    credentials.put(parts[0].trim(), new Credential(parts[0].trim(), parts[1].trim(), arn));
  }

  /** Whether the public development pair ({@code test}/{@code test}) is among these keys. */
  public boolean hasDevelopmentPair() {
    return find(DEVELOPMENT_ACCESS_KEY_ID)
        .map(c -> c.secretAccessKey().equals(DEVELOPMENT_SECRET))
        .orElse(false);
  }

  public Optional<Credential> find(String accessKeyId) {
    return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
  }
}
