package dev.serverlesskms.functions.principals;

import dev.serverlesskms.core.request.Caller;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a principal is, as IAM names it: an account root, an IAM user, an IAM role (which holds
 * policies but calls only through a session), or a session of a role. Any account, not only the
 * KMS's own.
 *
 * <p>A role is never a caller itself: whoever assumed it calls as the session {@code
 * arn:aws:sts::<account>:assumed-role/<role>/<session>}. Identity policies attach to the user or
 * the role, which {@link #policyHolder()} names by account and name, not by ARN: a session's ARN
 * drops the role's path, and a user's or role's name is unique in its account whatever its path.
 *
 * @param kind root, user, role or role session
 * @param accountId the 12-digit account
 * @param iamArn the IAM ARN: {@code arn:aws:iam::<account>:root}, {@code ...:user/<path><name>} or
 *     {@code ...:role/<path><name>}; for a session whose role's path is unknown (a session ARN from
 *     API Gateway), {@code ...:role/<name>}
 * @param name the user's or role's name; {@code null} for a root
 * @param sessionName the role session's name; {@code null} unless a role session
 */
public record Identity(
    Kind kind, String accountId, String iamArn, String name, String sessionName) {

  /** The three kinds of principal, with the identity type CloudTrail records for each. */
  public enum Kind {
    ROOT("Root"),
    USER("IAMUser"),
    /** A role: holds policies, but calls only as one of its sessions. */
    ROLE(null),
    ROLE_SESSION("AssumedRole");

    private final String cloudTrailType;

    Kind(String cloudTrailType) {
      this.cloudTrailType = cloudTrailType;
    }

    public String cloudTrailType() {
      return cloudTrailType;
    }
  }

  private static final int MAX_SHOWN = 200;
  private static final Pattern IAM_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):(root|user(/.*)|role(/.*))", Pattern.DOTALL);
  private static final Pattern SESSION_ARN =
      Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([^/]*)/(.*)", Pattern.DOTALL);

  /** IAM's user and role names (UserName, RoleName): 1 to 64 of these characters. */
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

  /** IAM's paths: {@code /} or {@code /a/b/}, printable ASCII, at most 512 characters. */
  private static final Pattern PATH = Pattern.compile("/([!-.0-~]+/)*");

  private static final int MAX_PATH = 512;

  /** STS's RoleSessionName: 2 to 64 of these characters. */
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  public Identity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(iamArn, "iamArn");
  }

  /** The root of {@code accountId}. */
  public static Identity root(String accountId) {
    return new Identity(Kind.ROOT, accountId, rootArn(accountId), null, null);
  }

  /**
   * The principal a principals-file entry names: an IAM user or an account root (then {@code
   * sessionName} must be {@code null}), or an IAM role together with the session its callers run
   * as.
   *
   * @throws IllegalArgumentException saying what is wrong with the ARN or the session name
   */
  public static Identity of(String iamArn, String sessionName) {
    Identity identity = parse(iamArn);
    if (identity.kind() != Kind.ROLE) {
      if (sessionName != null) {
        throw new IllegalArgumentException(
            "has a sessionName, which is for roles only, and "
                + shown(iamArn)
                + " is "
                + (identity.kind() == Kind.ROOT ? "an account root" : "an IAM user")
                + ": remove it");
      }
      return identity;
    }
    if (sessionName == null) {
      throw new IllegalArgumentException(
          "names the IAM role "
              + shown(iamArn)
              + " without the sessionName its callers run as (arn:aws:sts::"
              + identity.accountId()
              + ":assumed-role/"
              + identity.name()
              + "/<sessionName>)");
    }
    return identity.session(sessionName);
  }

  /**
   * An IAM user, role or account root by its IAM ARN. A role is no caller until {@link #session}
   * names the session; as a role it holds the policies of all its sessions.
   *
   * @throws IllegalArgumentException saying what is wrong with the ARN
   */
  public static Identity parse(String iamArn) {
    Matcher arn = IAM_ARN.matcher(iamArn);
    if (!arn.matches()) {
      throw new IllegalArgumentException(
          "has an arn "
              + shown(iamArn)
              + " that is not an IAM user, role or account root: write arn:aws:iam::<12-digit"
              + " account>:user/<name>, arn:aws:iam::<account>:role/<name> or"
              + " arn:aws:iam::<account>:root");
    }
    String account = arn.group(1);
    if (arn.group(2).equals("root")) {
      return root(account);
    }
    boolean role = arn.group(4) != null;
    String name = nameOf(iamArn, role ? arn.group(4) : arn.group(3));
    return new Identity(role ? Kind.ROLE : Kind.USER, account, iamArn, name, null);
  }

  /**
   * The session {@code sessionName} of this role.
   *
   * @throws IllegalArgumentException for an invalid session name
   * @throws IllegalStateException if this is not a role
   */
  public Identity session(String sessionName) {
    if (kind != Kind.ROLE) {
      throw new IllegalStateException(iamArn + " is not a role");
    }
    requireSessionName(sessionName);
    return new Identity(Kind.ROLE_SESSION, accountId, iamArn, name, sessionName);
  }

  /**
   * The principal of a caller's ARN: an account root, an IAM user, or an STS assumed-role session
   * ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}). A bare role ARN names no
   * caller.
   *
   * @throws IllegalArgumentException saying what is wrong with the ARN
   */
  public static Identity ofCaller(String callerArn) {
    Matcher session = SESSION_ARN.matcher(callerArn);
    if (session.matches()) {
      String account = session.group(1);
      String role = session.group(2);
      if (!NAME.matcher(role).matches()) {
        throw new IllegalArgumentException(
            "has an arn "
                + shown(callerArn)
                + " whose role name is invalid: IAM role names are 1 to 64 letters, digits or"
                + " any of _+=,.@-");
      }
      return new Identity(
              Kind.ROLE, account, "arn:aws:iam::" + account + ":role/" + role, role, null)
          .session(session.group(3));
    }
    Matcher arn = IAM_ARN.matcher(callerArn);
    if (arn.matches() && arn.group(4) != null) {
      throw new IllegalArgumentException(
          "has an arn "
              + shown(callerArn)
              + " that is an IAM role, which calls only through a session: write arn:aws:sts::"
              + arn.group(1)
              + ":assumed-role/<role>/<sessionName>");
    }
    if (!arn.matches()) {
      throw new IllegalArgumentException(
          "has an arn "
              + shown(callerArn)
              + " that is not an IAM user, an assumed-role session or an account root: write"
              + " arn:aws:iam::<12-digit account>:user/<name>,"
              + " arn:aws:sts::<account>:assumed-role/<role>/<sessionName> or"
              + " arn:aws:iam::<account>:root");
    }
    return parse(callerArn);
  }

  /**
   * What the identity policies of an authenticated caller attach to (as {@link #policyHolder()}),
   * or {@code null} for a root or an ARN that names no user or role session. Lenient, unlike {@link
   * #ofCaller}: the caller was verified by IAM or by this KMS, so its ARN is only read, not judged.
   */
  public static String policyHolderOf(String callerArn) {
    Matcher session = SESSION_ARN.matcher(callerArn);
    if (session.matches() && !session.group(2).isEmpty() && !session.group(3).isEmpty()) {
      return session.group(1) + ":role/" + session.group(2);
    }
    Matcher arn = IAM_ARN.matcher(callerArn);
    if (arn.matches() && arn.group(3) != null) {
      String user = arn.group(3);
      return arn.group(1) + ":user/" + user.substring(user.lastIndexOf('/') + 1);
    }
    return null;
  }

  /** {@code arn:aws:iam::<account>:root}. */
  public static String rootArn(String accountId) {
    return "arn:aws:iam::" + accountId + ":root";
  }

  /** The ARN the caller is known by: the session's for a role, else the IAM ARN. */
  public String callerArn() {
    return kind == Kind.ROLE_SESSION
        ? "arn:aws:sts::" + accountId + ":assumed-role/" + name + "/" + sessionName
        : iamArn;
  }

  /**
   * What identity policies attach to: the user, or the role of a session (every session of a role
   * has the role's policies); {@code null} for a root, which has none.
   */
  public String policyHolder() {
    return switch (kind) {
      case ROOT -> null;
      case USER -> accountId + ":user/" + name;
      case ROLE, ROLE_SESSION -> accountId + ":role/" + name;
    };
  }

  /**
   * The authenticated caller this principal is when it signs with {@code accessKeyId} ({@code
   * null}: a caller without an access key, as for event-triggered requests). Its principal id is
   * CloudTrail's form: the account for a root, {@code <id>:<session>} for a role session, and the
   * access key id (or the user's name) standing for the unique id IAM would give.
   */
  public Caller caller(String accessKeyId) {
    if (kind == Kind.ROLE) {
      throw new IllegalStateException(iamArn + " is a role: only its sessions call");
    }
    String id = accessKeyId != null ? accessKeyId : name;
    String principalId =
        switch (kind) {
          case ROOT -> accountId;
          case USER -> id;
          case ROLE, ROLE_SESSION -> id + ":" + sessionName;
        };
    return new Caller(kind.cloudTrailType(), principalId, callerArn(), accountId, accessKeyId);
  }

  private static String nameOf(String iamArn, String pathAndName) {
    int slash = pathAndName.lastIndexOf('/');
    String path = pathAndName.substring(0, slash + 1);
    String name = pathAndName.substring(slash + 1);
    if (path.length() > MAX_PATH || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "has an arn "
              + shown(iamArn)
              + " with an invalid path: IAM paths are / or /<a>/<b>/ in printable ASCII, at most"
              + " 512 characters");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "has an arn "
              + shown(iamArn)
              + " with an invalid name: IAM user and role names are 1 to 64 letters, digits or"
              + " any of _+=,.@-");
    }
    return name;
  }

  private static void requireSessionName(String sessionName) {
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw new IllegalArgumentException(
          "has a sessionName "
              + shown(sessionName)
              + " that is invalid: a role session name is 2 to 64 letters, digits or any of _+=,.@-");
    }
  }

  /** Quoted, and cut short rather than echoed whole. */
  private static String shown(String value) {
    return "'" + (value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value) + "'";
  }
}
