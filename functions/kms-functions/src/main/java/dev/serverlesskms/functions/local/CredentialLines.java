package dev.serverlesskms.functions.local;

import dev.serverlesskms.functions.principals.Identity;
import dev.serverlesskms.functions.principals.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * The two plain credential formats, which give keys but no policies: the inline list {@code
 * AKID:SECRET[:ARN],...} ({@code kms.local.credentials}) and the file of lines {@code AKID SECRET
 * [ARN]} ({@code kms.local.credentials-file}, {@code #} starts a comment).
 *
 * <p>The ARN is an IAM user, an assumed-role session ({@code
 * arn:aws:sts::<account>:assumed-role/<role>/<session>}) or an account root. Without one, a key
 * stands for the user {@code arn:aws:iam::<account>:user/<AKID>} of the KMS's account, except the
 * public development pair {@code test}/{@code test}, which is that account's root: the account root
 * is allowed by every key's default policy, so sessions keep working once policies are enforced.
 */
final class CredentialLines {
  private CredentialLines() {}

  /** The entries of an inline list. */
  static List<Principal> inline(String list, String accountId) {
    List<Principal> principals = new ArrayList<>();
    String[] entries = list.split(",");
    for (int i = 0; i < entries.length; i++) {
      if (!entries[i].isBlank()) {
        String where = "kms.local.credentials, entry " + (i + 1);
        principals.add(principal(entries[i].trim().split(":", 3), accountId, where));
      }
    }
    return principals;
  }

  /** The entries of a credentials file's lines. */
  static List<Principal> lines(List<String> lines, String accountId, String source) {
    List<Principal> principals = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String content = lines.get(i).replaceFirst("#.*", "").trim();
      if (!content.isEmpty()) {
        String where = source + ", line " + (i + 1);
        principals.add(principal(content.split("\\s+", 3), accountId, where));
      }
    }
    return principals;
  }

  private static Principal principal(String[] parts, String accountId, String where) {
    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalStateException(where + ": a credential needs an access key id and a secret");
    }
    String accessKeyId = parts[0].trim();
    String secret = parts[1].trim();
    Identity identity;
    try {
      Principal.requireAccessKeyId(accessKeyId);
      identity =
          parts.length == 3
              ? Identity.ofCaller(parts[2].trim())
              : defaultIdentity(accessKeyId, secret, accountId);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          where + " (access key id " + accessKeyId + ") " + e.getMessage());
    }
    return Principal.withKey(identity, accessKeyId, secret);
  }

  private static Identity defaultIdentity(String accessKeyId, String secret, String accountId) {
    if (accessKeyId.equals(LocalPrincipals.DEVELOPMENT_ACCESS_KEY_ID)
        && secret.equals(LocalPrincipals.DEVELOPMENT_SECRET)) {
      return Identity.root(accountId);
    }
    return Identity.parse("arn:aws:iam::" + accountId + ":user/" + accessKeyId);
  }
}
