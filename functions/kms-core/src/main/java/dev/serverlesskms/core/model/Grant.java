package dev.serverlesskms.core.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A grant on a key: who (the grantee) may use the key for which operations, under which
 * constraints, and who (the retiring principal) may retire it. Stored apart from its key, several
 * thousand per key at most (AWS allows 50,000).
 *
 * <p>Exactly one grantee is set: {@code granteePrincipal} (an IAM ARN, an account, or, in grants
 * made by AWS services, a service name) or {@code granteeServicePrincipal}. At most one retiring
 * principal is set.
 *
 * @param grantId 64 lower-case hex digits, as AWS issues them
 * @param keyId the key the grant is on
 * @param name the grant's name (its idempotency key in CreateGrant), or {@code null}
 * @param operations the operations it allows, without repeats, in the order they were given
 * @param constraints its constraints, or {@code null}
 * @param issuingAccount the root ARN of the account the grant was created in (the key's), as
 *     ListGrants shows it ({@code arn:aws:iam::<account>:root})
 * @param creationDate when it was created
 */
public record Grant(
    String grantId,
    KeyId keyId,
    String name,
    String granteePrincipal,
    String granteeServicePrincipal,
    String retiringPrincipal,
    String retiringServicePrincipal,
    List<GrantOperation> operations,
    GrantConstraints constraints,
    String issuingAccount,
    Instant creationDate) {
  private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  public Grant {
    Objects.requireNonNull(grantId, "grantId");
    if (!isWellFormedId(grantId)) {
      throw new IllegalArgumentException("not a grant id: " + grantId);
    }
    Objects.requireNonNull(keyId, "keyId");
    if ((granteePrincipal == null) == (granteeServicePrincipal == null)) {
      throw new IllegalArgumentException("a grant has exactly one grantee");
    }
    if (retiringPrincipal != null && retiringServicePrincipal != null) {
      throw new IllegalArgumentException("a grant has at most one retiring principal");
    }
    operations = List.copyOf(operations);
    if (operations.isEmpty() || operations.stream().distinct().count() != operations.size()) {
      throw new IllegalArgumentException("a grant allows one or more distinct operations");
    }
    Objects.requireNonNull(issuingAccount, "issuingAccount");
    Objects.requireNonNull(creationDate, "creationDate");
  }

  /**
   * A new grant id: 64 hex digits, the SHA-256 of 32 bytes from two random UUIDs (244 random bits),
   * so ids look like AWS's and never repeat.
   */
  public static String newId() {
    ByteBuffer seed = ByteBuffer.allocate(32);
    for (int i = 0; i < 2; i++) {
      UUID uuid = UUID.randomUUID();
      seed.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Whether {@code candidate} has the form of a grant id (64 lower-case hex digits). */
  public static boolean isWellFormedId(String candidate) {
    return candidate != null && GRANT_ID.matcher(candidate).matches();
  }

  /** The grantee, whichever member names it. */
  public String grantee() {
    return granteePrincipal != null ? granteePrincipal : granteeServicePrincipal;
  }

  /** The retiring principal, whichever member names it, or {@code null}. */
  public String retiree() {
    return retiringPrincipal != null ? retiringPrincipal : retiringServicePrincipal;
  }

  /**
   * Where a grantee is looked up: the account of an ARN or of a bare account id, else (a service
   * principal) the name itself. All grants whose grantee could be a given caller share its scope
   * (its user or session ARN, its role ARN, its account), so stores index grants by key and scope,
   * and finding the grants of a caller on a key is one lookup.
   */
  public static String scopeOf(String principal) {
    Objects.requireNonNull(principal, "principal");
    if (ACCOUNT_ID.matcher(principal).matches()) {
      return principal;
    }
    if (principal.startsWith("arn:")) {
      String[] parts = principal.split(":", 6);
      if (parts.length == 6 && ACCOUNT_ID.matcher(parts[4]).matches()) {
        return parts[4];
      }
    }
    return principal;
  }

  /** {@link #scopeOf} of this grant's grantee. */
  public String granteeScope() {
    return scopeOf(grantee());
  }

  public boolean allowsOperation(GrantOperation operation) {
    return operations.contains(operation);
  }

  /**
   * The grant's own rule: whether it allows {@code operation} for a request with this encryption
   * context (empty for none) made on behalf of {@code sourceArn} ({@code null} for none). Who may
   * use it (its grantee) is decided by the caller of this method.
   *
   * <p>The encryption context constraints apply only to operations that take an encryption context;
   * the SourceArn constraint to every operation but RetireGrant.
   */
  public boolean allows(
      GrantOperation operation, Map<String, String> encryptionContext, String sourceArn) {
    if (!allowsOperation(operation)) {
      return false;
    }
    if (constraints == null) {
      return true;
    }
    if (operation != GrantOperation.RetireGrant && !constraints.allowsSourceArn(sourceArn)) {
      return false;
    }
    return !operation.takesEncryptionContext()
        || constraints.allowsEncryptionContext(encryptionContext);
  }

  /**
   * Whether this grant's CreateGrant permission covers creating {@code requested}: it allows
   * CreateGrant, {@code requested} allows only operations this one allows, and its constraints are
   * at least as strict as this one's.
   */
  public boolean allowsCreating(Grant requested) {
    return allowsOperation(GrantOperation.CreateGrant)
        && operations.containsAll(requested.operations())
        && Objects.requireNonNullElse(requested.constraints(), GrantConstraints.NONE)
            .atLeastAsStrictAs(constraints);
  }

  /**
   * Whether {@code other} asks for the same grant as this one (CreateGrant's idempotency by name):
   * same key, name, principals, operations (in any order) and constraints.
   */
  public boolean sameRequestAs(Grant other) {
    return keyId.equals(other.keyId)
        && Objects.equals(name, other.name)
        && Objects.equals(granteePrincipal, other.granteePrincipal)
        && Objects.equals(granteeServicePrincipal, other.granteeServicePrincipal)
        && Objects.equals(retiringPrincipal, other.retiringPrincipal)
        && Objects.equals(retiringServicePrincipal, other.retiringServicePrincipal)
        && operations.size() == other.operations.size()
        && operations.containsAll(other.operations)
        && Objects.equals(constraints, other.constraints);
  }
}
