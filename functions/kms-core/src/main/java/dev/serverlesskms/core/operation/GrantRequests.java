package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.Grant;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.model.GrantOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The member rules of the grant requests: botocore's constraints (lengths, patterns, the enum of
 * grant operations) with AWS's ValidationException wording, principals that must be principals
 * (InvalidArnException), grant ids (InvalidGrantIdException) and the limits on constraints.
 */
final class GrantRequests {
  /** {@code PrincipalIdType}. */
  static final Pattern PRINCIPAL = Pattern.compile("^[\\w+=,.@:/-]+$");

  /** {@code ServicePrincipalType}. */
  static final Pattern SERVICE_PRINCIPAL =
      Pattern.compile("^([A-Za-z0-9\\-]+)\\.([A-Za-z0-9\\-]+)(\\.[A-Za-z0-9\\-]+)+$");

  /** {@code GrantNameType}. */
  static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");

  /** {@code GrantConstraintSourceArnType}. */
  static final Pattern SOURCE_ARN =
      Pattern.compile("^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$");

  /**
   * The principals a grant may name: an account (id or root ARN), an IAM user, role or federated
   * user, an assumed-role session.
   */
  private static final Pattern PRINCIPAL_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:(iam::\\d{12}:(root|user/.+|role/.+|federated-user/.+)"
              + "|sts::\\d{12}:(assumed-role/[^/]+/.+|federated-user/.+))");

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  /** "Each constraint value can include up to 8 encryption context pairs." */
  static final int MAX_CONSTRAINT_PAIRS = 8;

  /** "The encryption context value in each constraint cannot exceed 384 characters." */
  static final int MAX_CONSTRAINT_VALUE_CHARS = 384;

  private GrantRequests() {}

  /**
   * A principal member ({@code granteePrincipal}, {@code retiringPrincipal}): its model
   * constraints, then that it names a principal: an ARN that is not one is InvalidArnException. A
   * name that is no ARN and no account id is taken as an AWS service principal, as in grants that
   * services create.
   */
  static String principal(String value, String member) {
    if (value == null) {
      return null;
    }
    Validation.length(value, 1, 256, member);
    Validation.pattern(value, PRINCIPAL, member);
    boolean valid =
        value.startsWith("arn:")
            ? PRINCIPAL_ARN.matcher(value).matches()
            : ACCOUNT_ID.matcher(value).matches() || SERVICE_PRINCIPAL.matcher(value).matches();
    if (!valid) {
      throw KmsException.of(
          KmsErrorType.INVALID_ARN,
          "ARN does not refer to a valid principal: " + Validation.echo(value));
    }
    return value;
  }

  /** A service principal member ({@code granteeServicePrincipal}, ...). */
  static String servicePrincipal(String value, String member) {
    Validation.length(value, 1, 128, member);
    return Validation.pattern(value, SERVICE_PRINCIPAL, member);
  }

  /**
   * At most one of two members that name the same thing ({@code X} or {@code XServicePrincipal}).
   */
  static void notBoth(Object one, Object other, String oneName, String otherName) {
    if (one != null && other != null) {
      throw Validation.plain(
          "You can specify either " + oneName + " or " + otherName + ", but not both.");
    }
  }

  /**
   * The {@code operations} member: required, not empty, every value a grant operation (AWS's
   * list-constraint message, echoing the list), repeats dropped.
   */
  static List<GrantOperation> operations(List<String> values) {
    Validation.required(values, "operations");
    if (values.isEmpty()) {
      throw Validation.error(
          "Value '[]' at 'operations' failed to satisfy constraint: "
              + "Member must have length greater than or equal to 1");
    }
    List<GrantOperation> operations = new ArrayList<>();
    for (String value : values) {
      GrantOperation operation = GrantOperation.fromName(value);
      if (operation == null) {
        throw Validation.error(
            "Value '"
                + Validation.echo(values.toString())
                + "' at 'operations' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must satisfy enum value set: "
                + GrantOperation.VALUE_SET
                + "]");
      }
      if (!operations.contains(operation)) {
        operations.add(operation);
      }
    }
    return operations;
  }

  /** The {@code constraints} member: at most 8 pairs each, values of at most 384 characters. */
  static GrantConstraints constraints(GrantConstraints constraints) {
    if (constraints == null) {
      return null;
    }
    pairs(constraints.encryptionContextSubset(), "constraints.encryptionContextSubset");
    pairs(constraints.encryptionContextEquals(), "constraints.encryptionContextEquals");
    if (constraints.sourceArn() != null) {
      Validation.length(constraints.sourceArn(), 20, 512, "constraints.sourceArn");
      Validation.pattern(constraints.sourceArn(), SOURCE_ARN, "constraints.sourceArn");
    }
    return constraints;
  }

  private static void pairs(Map<String, String> pairs, String member) {
    if (pairs == null) {
      return;
    }
    Validation.noNullValues(pairs, member);
    if (pairs.size() > MAX_CONSTRAINT_PAIRS) {
      throw Validation.plain(
          "An encryption context grant constraint can have at most "
              + MAX_CONSTRAINT_PAIRS
              + " pairs.");
    }
    for (String value : pairs.values()) {
      if (value.length() > MAX_CONSTRAINT_VALUE_CHARS) {
        throw Validation.plain(
            "An encryption context value in a grant constraint can have at most "
                + MAX_CONSTRAINT_VALUE_CHARS
                + " characters.");
      }
    }
  }

  /** The {@code name} member. */
  static String name(String name) {
    Validation.length(name, 1, 256, "name");
    return Validation.pattern(name, NAME, "name");
  }

  /**
   * A {@code grantId} member: {@code GrantIdType}'s length, then the form of a grant id; any other
   * value names no grant: InvalidGrantIdException.
   */
  static String grantId(String grantId) {
    Validation.length(grantId, 1, 128, "grantId");
    if (grantId != null && !Grant.isWellFormedId(grantId)) {
      throw KmsException.of(
          KmsErrorType.INVALID_GRANT_ID, "Invalid grant ID: " + Validation.echo(grantId));
    }
    return grantId;
  }

  /** The answer for a grant id that names no grant of the key. */
  static KmsException grantNotFound(String grantId) {
    return KmsException.of(KmsErrorType.NOT_FOUND, "Grant ID " + grantId + " not found");
  }
}
