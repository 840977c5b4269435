package dev.serverlesskms.functions.local;

import dev.serverlesskms.core.port.IdentityPolicies;
import dev.serverlesskms.functions.principals.PolicyDirectory;
import dev.serverlesskms.functions.principals.Principal;
import dev.serverlesskms.functions.principals.PrincipalsDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The principals of the local server, by the access key each signs with. Three sources, merged,
 * read at start: the inline list ({@code kms.local.credentials}), the credentials file ({@code
 * kms.local.credentials-file}), both without policies ({@link CredentialLines}), and the principals
 * file ({@code kms.principals-file}, {@link PrincipalsDocument}) with users, role sessions and
 * account roots of any account and their identity policies. An access key id given twice, in one
 * source or in two, is a configuration mistake: the server refuses to start rather than pick one.
 */
public final class LocalPrincipals {
  /** The documented, public development pair: for loopback use only. */
  public static final String DEVELOPMENT_ACCESS_KEY_ID = "test";

  public static final String DEVELOPMENT_SECRET = "test";

  private final Map<String, Principal> byAccessKeyId;
  private final IdentityPolicies identityPolicies;

  private LocalPrincipals(Map<String, Principal> byAccessKeyId) {
    this.byAccessKeyId = Map.copyOf(byAccessKeyId);
    this.identityPolicies = PolicyDirectory.from(byAccessKeyId.values());
  }

  /**
   * @param inline {@code AKID:SECRET[:ARN]} entries separated by commas, or empty
   * @param credentialsFile a file of {@code AKID SECRET [ARN]} lines, or empty
   * @param principalsFile a principals file, or empty
   * @param accountId the KMS's account, which principals without an ARN belong to
   * @throws IllegalStateException naming the source, the entry and the problem
   */
  public static LocalPrincipals load(
      Optional<String> inline,
      Optional<Path> credentialsFile,
      Optional<Path> principalsFile,
      String accountId) {
    Map<String, Principal> principals = new HashMap<>();
    Map<String, String> sourceOf = new HashMap<>();
    if (inline.isPresent()) {
      add(
          principals,
          sourceOf,
          CredentialLines.inline(inline.get(), accountId),
          "kms.local.credentials");
    }
    if (credentialsFile.isPresent()) {
      String source = "credentials file " + credentialsFile.get();
      List<String> lines = read(credentialsFile.get(), source).lines().toList();
      add(principals, sourceOf, CredentialLines.lines(lines, accountId, source), source);
    }
    if (principalsFile.isPresent()) {
      String source = "principals file " + principalsFile.get();
      String json = read(principalsFile.get(), source);
      add(
          principals,
          sourceOf,
          PrincipalsDocument.parse(json, PrincipalsDocument.Keys.REQUIRED, source),
          source);
    }
    if (principals.isEmpty()) {
      throw new IllegalStateException(
          "no credentials configured: the local server would accept no request");
    }
    return new LocalPrincipals(principals);
  }

  private static void add(
      Map<String, Principal> principals,
      Map<String, String> sourceOf,
      List<Principal> added,
      String source) {
    for (Principal principal : added) {
      String accessKeyId = principal.accessKeyId();
      String earlier = sourceOf.putIfAbsent(accessKeyId, source);
      if (earlier != null) {
        throw new IllegalStateException(
            source
                + ": access key id "
                + accessKeyId
                + (earlier.equals(source) ? " is given twice" : " is given in " + earlier + " too")
                + ": give each key once"
                + (accessKeyId.equals(DEVELOPMENT_ACCESS_KEY_ID)
                    ? " (to give the development key id other principals, set kms.local.credentials"
                        + " to empty)"
                    : ""));
      }
      principals.put(accessKeyId, principal);
    }
  }

  private static String read(Path file, String source) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the " + source + ": " + e, e);
    }
  }

  /** Whether the public development pair ({@code test}/{@code test}) is among these keys. */
  public boolean hasDevelopmentPair() {
    return find(DEVELOPMENT_ACCESS_KEY_ID)
        .map(p -> DEVELOPMENT_SECRET.equals(p.secretAccessKey()))
        .orElse(false);
  }

  /** The principal that signs with this access key, if any. */
  public Optional<Principal> find(String accessKeyId) {
    return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
  }

  /** The identity policies of these principals' callers. */
  public IdentityPolicies identityPolicies() {
    return identityPolicies;
  }
}
