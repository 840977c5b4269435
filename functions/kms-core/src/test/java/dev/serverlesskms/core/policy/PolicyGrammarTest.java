package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grammar: which documents are refused, with which MalformedPolicyDocumentException message,
 * and which unusual ones are accepted. In the rows, {@code '} stands for {@code "}.
 */
class PolicyGrammarTest {
  static final String KEY = "key";
  static final String IDENTITY = "identity";

  static final String OK_KEY_STATEMENT =
      "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:root'},"
          + "'Action':'kms:*','Resource':'*'}";

  static String keyPolicy(String statement) {
    return "{'Version':'2012-10-17','Statement':[" + statement + "]}";
  }

  static String withCondition(String condition) {
    return keyPolicy(
        "{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*','Condition':"
            + condition
            + "}");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // documents that are no policy
        row("not JSON", KEY, "not json", "Syntax errors in policy."),
        row("truncated JSON", KEY, "{'Statement':[", "Syntax errors in policy."),
        row("trailing text", KEY, keyPolicy(OK_KEY_STATEMENT) + " x", "Syntax errors in policy."),
        row("a JSON array", KEY, "[]", "Syntax errors in policy."),
        row("a JSON string", IDENTITY, "'policy'", "Syntax errors in policy."),
        row(
            "a duplicate member",
            KEY,
            "{'Version':'2012-10-17','Version':'2012-10-17','Statement':" + OK_KEY_STATEMENT + "}",
            "Syntax errors in policy."),
        // top level
        row(
            "no Statement",
            KEY,
            "{'Version':'2012-10-17'}",
            "Policy document must contain a statement."),
        row("an empty object", IDENTITY, "{}", "Policy document must contain a statement."),
        row(
            "an unknown top-level element",
            KEY,
            "{'Version':'2012-10-17','Statements':[]}",
            "Policy contains an unknown element: Statements"),
        row(
            "an unknown Version",
            KEY,
            "{'Version':'2013-01-01','Statement':" + OK_KEY_STATEMENT + "}",
            "Invalid policy version: 2013-01-01"),
        row(
            "a Version that is a number",
            KEY,
            "{'Version':2012,'Statement':" + OK_KEY_STATEMENT + "}",
            "Invalid policy version: 2012"),
        row(
            "an Id that is no string",
            KEY,
            "{'Id':1,'Statement':" + OK_KEY_STATEMENT + "}",
            "Syntax errors in policy."),
        row("a Statement that is a string", KEY, "{'Statement':'x'}", "Syntax errors in policy."),
        row("a statement that is a number", KEY, "{'Statement':[1]}", "Syntax errors in policy."),
        row(
            "two statements with one Sid",
            KEY,
            keyPolicy(
                OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':'a','Effect'")
                    + ","
                    + OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':'a','Effect'")),
            "Statement IDs (SID) in a single policy must be unique: a"),
        row(
            "a Sid that is no string",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':1,'Effect'")),
            "Syntax errors in policy."),
        // statement elements
        row(
            "an unknown statement element",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Effect'", "'Effects'")),
            "Policy contains an unknown element: Effects"),
        row(
            "no Effect",
            KEY,
            keyPolicy("{'Principal':'*','Action':'kms:*','Resource':'*'}"),
            "Policy statement must contain an effect."),
        row(
            "Effect in lower case",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Allow'", "'allow'")),
            "Invalid effect: allow"),
        row(
            "an unknown Effect",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Allow'", "'Permit'")),
            "Invalid effect: Permit"),
        row(
            "an Effect that is no string",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Allow'", "true")),
            "Invalid effect: true"),
        row(
            "both Action and NotAction",
            KEY,
            keyPolicy(
                OK_KEY_STATEMENT.replace(
                    "'Action':'kms:*'", "'Action':'kms:*','NotAction':'kms:Encrypt'")),
            "Policy statement must not contain both Action and NotAction."),
        row(
            "neither Action nor NotAction (IAM)",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Resource':'*'}}",
            "Policy statement must contain actions."),
        row(
            "neither Action nor NotAction (KMS, since August 2025)",
            KEY,
            keyPolicy("{'Effect':'Allow','Principal':'*','Resource':'*'}"),
            "Policy statement must contain actions."),
        row(
            "an empty Action list",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'kms:*'", "[]")),
            "Policy statement must contain actions."),
        row(
            "an action without a service",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'kms:*'", "'Encrypt'")),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
        row(
            "an action starting with a colon",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':':Encrypt','Resource':'*'}}",
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
        row(
            "an action with two colons",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'kms:*'", "['kms:Encrypt','kms:a:b']")),
            "Actions/Condition can contain only one colon."),
        row(
            "an action that is a number",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'kms:*'", "[1]")),
            "Syntax errors in policy."),
        row(
            "an action that is an object",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':{},'Resource':'*'}}",
            "Syntax errors in policy."),
        row(
            "neither Resource nor NotResource (IAM)",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':'kms:*'}}",
            "Policy statement must contain resources."),
        row(
            "neither Resource nor NotResource (KMS, since August 2025)",
            KEY,
            keyPolicy("{'Effect':'Allow','Principal':'*','Action':'kms:*'}"),
            "Policy statement must contain resources."),
        row(
            "both Resource and NotResource",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','NotResource':'*'}}",
            "Policy statement must not contain both Resource and NotResource."),
        row(
            "an IAM Resource that is no ARN",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'key/1234'}}",
            "Resource key/1234 must be in ARN format or \"*\"."),
        // principals
        row(
            "a key policy statement without a principal",
            KEY,
            keyPolicy("{'Effect':'Allow','Action':'kms:*','Resource':'*'}"),
            "Policy contains a statement with no principal"),
        row(
            "both Principal and NotPrincipal",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Principal'", "'NotPrincipal':'*','Principal'")),
            "Policy statement must not contain both Principal and NotPrincipal."),
        row(
            "an ARN as the bare Principal",
            KEY,
            principal("'arn:aws:iam::111122223333:root'"),
            INVALID),
        row("a wildcard account", KEY, principal("{'AWS':'arn:aws:iam::*:root'}"), INVALID),
        row(
            "a wildcard user name",
            KEY,
            principal("{'AWS':'arn:aws:iam::111122223333:user/*'}"),
            INVALID),
        row("a group", KEY, principal("{'AWS':'arn:aws:iam::111122223333:group/admins'}"), INVALID),
        row("a short account id", KEY, principal("{'AWS':'12345'}"), INVALID),
        row(
            "an account root in sts",
            KEY,
            principal("{'AWS':'arn:aws:sts::111122223333:root'}"),
            INVALID),
        row(
            "a role in sts",
            KEY,
            principal("{'AWS':'arn:aws:sts::111122223333:role/ops'}"),
            INVALID),
        row(
            "a session in iam",
            KEY,
            principal("{'AWS':'arn:aws:iam::111122223333:assumed-role/r/s'}"),
            INVALID),
        row(
            "a session with a wildcard",
            KEY,
            principal("{'AWS':'arn:aws:sts::111122223333:assumed-role/r/*'}"),
            INVALID),
        row(
            "a federated user in iam",
            KEY,
            principal("{'AWS':'arn:aws:iam::111122223333:federated-user/x'}"),
            INVALID),
        row(
            "a KMS ARN",
            KEY,
            principal("{'AWS':'arn:aws:kms:eu-west-1:111122223333:key/k'}"),
            INVALID),
        row("an empty AWS list", KEY, principal("{'AWS':[]}"), INVALID),
        row("an AWS value that is a number", KEY, principal("{'AWS':5}"), INVALID),
        row("an AWS list with a number", KEY, principal("{'AWS':['*',5]}"), INVALID),
        row("an unknown principal type", KEY, principal("{'Group':'x'}"), INVALID),
        row("a Service wildcard", KEY, principal("{'Service':'*'}"), INVALID),
        row("an empty Service", KEY, principal("{'Service':''}"), INVALID),
        row("an empty Federated", KEY, principal("{'Federated':''}"), INVALID),
        row("an empty principal object", KEY, principal("{}"), INVALID),
        row("a principal that is a list", KEY, principal("['*']"), INVALID),
        row(
            "a Principal in an identity policy",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*'}}",
            "Policy document should not specify a principal."),
        row(
            "a NotPrincipal in an identity policy",
            IDENTITY,
            "{'Statement':{'Effect':'Deny','NotPrincipal':{'AWS':'111122223333'},'Action':'kms:*','Resource':'*'}}",
            "Policy document should not specify a principal."),
        // conditions
        row(
            "an unknown operator",
            KEY,
            withCondition("{'StringEqualz':{'a:b':'c'}}"),
            "Invalid Condition type: StringEqualz"),
        row(
            "Null with IfExists",
            KEY,
            withCondition("{'NullIfExists':{'a:b':'true'}}"),
            "Invalid Condition type: NullIfExists"),
        row(
            "an unknown set qualifier",
            KEY,
            withCondition("{'ForSomeValues:StringEquals':{'a:b':'c'}}"),
            "Invalid Condition type: ForSomeValues:StringEquals"),
        row(
            "IfExists alone",
            KEY,
            withCondition("{'IfExists':{'a:b':'c'}}"),
            "Invalid Condition type: IfExists"),
        row("a Condition that is a list", KEY, withCondition("[]"), "Syntax errors in policy."),
        row(
            "an operator whose keys are a string",
            KEY,
            withCondition("{'StringEquals':'x'}"),
            "Syntax errors in policy."),
        row(
            "a condition value that is null",
            KEY,
            withCondition("{'StringEquals':{'a:b':null}}"),
            "Syntax errors in policy."),
        row(
            "a condition value that is an object",
            KEY,
            withCondition("{'StringEquals':{'a:b':{}}}"),
            "Syntax errors in policy."),
        row(
            "a condition list holding an object",
            KEY,
            withCondition("{'StringEquals':{'a:b':['x',{}]}}"),
            "Syntax errors in policy."),
        row(
            "an empty condition key",
            KEY,
            withCondition("{'StringEquals':{'':'c'}}"),
            "Invalid value for condition StringEquals on key ."),
        row(
            "an empty value list",
            KEY,
            withCondition("{'StringEquals':{'a:b':[]}}"),
            "Invalid value for condition StringEquals on key a:b."),
        row(
            "a number that is no number",
            KEY,
            withCondition("{'NumericLessThan':{'a:b':'ten'}}"),
            "Invalid value for condition NumericLessThan on key a:b."),
        row(
            "a date that is no date",
            KEY,
            withCondition("{'DateLessThan':{'aws:CurrentTime':'yesterday'}}"),
            "Invalid value for condition DateLessThan on key aws:CurrentTime."),
        row(
            "a CIDR prefix too long",
            KEY,
            withCondition("{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}"),
            "Invalid value for condition IpAddress on key aws:SourceIp."),
        row(
            "a host name as an address",
            KEY,
            withCondition("{'NotIpAddress':{'aws:SourceIp':'example.com'}}"),
            "Invalid value for condition NotIpAddress on key aws:SourceIp."),
        row(
            "an IPv6 prefix too long",
            KEY,
            withCondition("{'IpAddress':{'aws:SourceIp':'2001:db8::/129'}}"),
            "Invalid value for condition IpAddress on key aws:SourceIp."),
        row(
            "binary that is no base64",
            KEY,
            withCondition("{'BinaryEquals':{'a:b':'!!'}}"),
            "Invalid value for condition BinaryEquals on key a:b."),
        row(
            "Null with neither true nor false",
            KEY,
            withCondition("{'Null':{'a:b':'maybe'}}"),
            "Invalid value for condition Null on key a:b."),
        row(
            "ForAllValues over kms:EncryptionContext in a key policy (KMS's documented error)",
            KEY,
            withCondition(
                "{'ForAllValues:StringEquals':{'kms:EncryptionContext:Department':'IT'}}"),
            "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a"
                + " single-valued condition key matches requests without the specified encryption"
                + " context or with an unspecified encryption context. To fix, remove ForAllValues."),
        row(
            "ForAllValues over kms:EncryptionContext, key name in other case",
            KEY,
            withCondition("{'forallvalues:StringLike':{'KMS:ENCRYPTIONCONTEXT:x':'*'}}"),
            "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a"
                + " single-valued condition key matches requests without the specified encryption"
                + " context or with an unspecified encryption context. To fix, remove ForAllValues."),
        row(
            "ForAllValues over aws:RequestTag in a key policy",
            KEY,
            withCondition("{'ForAllValues:StringEquals':{'aws:RequestTag/team':'a'}}"),
            "OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a"
                + " single-valued condition key matches requests without the specified tag or with an"
                + " unspecified tag. To fix, remove ForAllValues."));
  }

  static final String INVALID = "Policy contains a statement with one or more invalid principals.";

  static String principal(String principal) {
    return keyPolicy(
        "{'Effect':'Allow','Principal':" + principal + ",'Action':'kms:*','Resource':'*'}");
  }

  static Arguments row(String what, String kind, String json, String message) {
    return Arguments.of(what, kind, json.replace('\'', '"'), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refused(String what, String kind, String json, String message) {
    assertThatThrownBy(() -> parse(kind, json))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.MALFORMED_POLICY_DOCUMENT);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        row("the default key policy", KEY, keyPolicy(OK_KEY_STATEMENT), ""),
        row("no Version (2008-10-17)", KEY, "{'Statement':" + OK_KEY_STATEMENT + "}", ""),
        row(
            "Version 2008-10-17",
            KEY,
            "{'Version':'2008-10-17','Statement':" + OK_KEY_STATEMENT + "}",
            ""),
        row("an Id", KEY, "{'Id':'key-default-1','Statement':" + OK_KEY_STATEMENT + "}", ""),
        row("no statements", KEY, "{'Statement':[]}", ""),
        row(
            "an empty Sid, twice",
            KEY,
            keyPolicy(
                OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':'','Effect'")
                    + ","
                    + OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':'','Effect'")),
            ""),
        row(
            "a Sid with spaces",
            KEY,
            keyPolicy(
                OK_KEY_STATEMENT.replace(
                    "{'Effect'", "{'Sid':'Enable IAM User Permissions','Effect'")),
            ""),
        row("Principal {AWS: *}", KEY, principal("{'AWS':'*'}"), ""),
        row("Principal {AWS: [*]}", KEY, principal("{'AWS':['*']}"), ""),
        row("a bare account id", KEY, principal("{'AWS':'111122223333'}"), ""),
        row(
            "users, roles with paths, sessions",
            KEY,
            principal(
                "{'AWS':['arn:aws:iam::111122223333:user/a/b','arn:aws:iam::111122223333:role/p/q/r','arn:aws:sts::111122223333:assumed-role/r/s','arn:aws:sts::111122223333:federated-user/f']}"),
            ""),
        row("another partition", KEY, principal("{'AWS':'arn:aws-cn:iam::111122223333:root'}"), ""),
        row(
            "a Service list",
            KEY,
            principal("{'Service':['kms.amazonaws.com','ec2.amazonaws.com']}"),
            ""),
        row(
            "Federated and CanonicalUser principals",
            KEY,
            principal(
                "{'Federated':'cognito-identity.amazonaws.com','CanonicalUser':'79a59df900b949e55d96a1e698fbaced'}"),
            ""),
        row(
            "several principal types",
            KEY,
            principal("{'AWS':'111122223333','Service':'kms.amazonaws.com'}"),
            ""),
        row(
            "NotPrincipal",
            KEY,
            keyPolicy(
                "{'Effect':'Deny','NotPrincipal':{'AWS':'111122223333'},'Action':'kms:*','Resource':'*'}"),
            ""),
        row(
            "an action with wildcards only",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
            ""),
        row(
            "a Resource that is no ARN in a key policy",
            KEY,
            keyPolicy(OK_KEY_STATEMENT.replace("'Resource':'*'", "'Resource':'this-key'")),
            ""),
        row(
            "numbers and booleans as condition values",
            KEY,
            withCondition(
                "{'NumericLessThan':{'a:b':10},'Bool':{'c:d':true},'NumericEquals':{'e:f':[1.5,2]}}"),
            ""),
        row(
            "an operator name in another case",
            KEY,
            withCondition("{'stringequals':{'a:b':'c'}}"),
            ""),
        row(
            "every qualifier and suffix",
            KEY,
            withCondition(
                "{'ForAnyValue:StringLikeIfExists':{'a:b':'c*'},'ForAllValues:ArnLikeIfExists':{'c:d':'arn:*'}}"),
            ""),
        row(
            "ForAllValues over kms:EncryptionContextKeys",
            KEY,
            withCondition("{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':['a','b']}}"),
            ""),
        row(
            "ForAnyValue over kms:EncryptionContext (a warning, not an error, in KMS)",
            KEY,
            withCondition("{'ForAnyValue:StringEquals':{'kms:EncryptionContext:a':'b'}}"),
            ""),
        row(
            "ForAllValues over kms:EncryptionContext in an identity policy",
            IDENTITY,
            "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:EncryptionContext:a':'b'}}}}",
            ""),
        row(
            "dates as epoch seconds, dates and times with offsets",
            KEY,
            withCondition(
                "{'DateLessThan':{'aws:CurrentTime':['1767225600','2026-01-01','2026-01-01T10:00','2026-01-01T10:00:00+02:00','2026-01-01T10:00:00.123Z']}}"),
            ""),
        row(
            "IPv4 and IPv6 ranges and single addresses",
            KEY,
            withCondition(
                "{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','203.0.113.5','2001:db8::/32','::1','::ffff:192.0.2.1/128']}}"),
            ""),
        row(
            "policy variables, with defaults and escapes",
            KEY,
            withCondition(
                "{'StringLike':{'a:b':['${aws:username}-*','${aws:PrincipalTag/team, \\u0027none\\u0027}','${*}${?}${$}']}}"),
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepted(String what, String kind, String json, String unused) {
    assertThatCode(() -> parse(kind, json)).doesNotThrowAnyException();
  }

  static PolicyDocument parse(String kind, String json) {
    return kind.equals(KEY)
        ? PolicyDocument.parseKeyPolicy(json)
        : PolicyDocument.parseIdentityPolicy(json);
  }

  @Test
  void nullIsNoPolicy() {
    assertThatThrownBy(() -> PolicyDocument.parseKeyPolicy(null))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Syntax errors in policy."));
  }

  @Test
  void aKeyPolicyOf32KibIsAcceptedOneByteMoreIsOverTheLimit() {
    String policy = keyPolicy(OK_KEY_STATEMENT).replace('\'', '"');
    String exact = policy + " ".repeat(32 * 1024 - policy.length());
    assertThatCode(() -> PolicyDocument.parseKeyPolicy(exact)).doesNotThrowAnyException();

    assertThatThrownBy(() -> PolicyDocument.parseKeyPolicy(exact + " "))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> {
              assertThat(e.type()).isEqualTo(KmsErrorType.LIMIT_EXCEEDED);
              assertThat(e.getMessage())
                  .isEqualTo("The key policy exceeds the maximum size of 32768 bytes.");
            });
  }

  @Test
  void theLimitCountsBytesNotCharacters() {
    String policy =
        keyPolicy(OK_KEY_STATEMENT.replace("{'Effect'", "{'Sid':'é','Effect'")).replace('\'', '"');
    String padded = policy + " ".repeat(32 * 1024 - policy.length()); // é is two bytes in UTF-8
    assertThatThrownBy(() -> PolicyDocument.parseKeyPolicy(padded))
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.type()).isEqualTo(KmsErrorType.LIMIT_EXCEEDED));
  }

  @Test
  void identityPoliciesHaveNoKmsSizeLimit() {
    String policy =
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}";
    assertThatCode(() -> PolicyDocument.parseIdentityPolicy(policy + " ".repeat(40_000)))
        .doesNotThrowAnyException();
  }

  @Test
  void messagesQuoteOnlyAShortExcerptWithoutControlCharacters() {
    String name = "\\n" + "x".repeat(500); // a JSON escape: the name holds a line feed
    assertThatThrownBy(() -> PolicyDocument.parseKeyPolicy("{\"" + name + "\":1,\"Statement\":[]}"))
        .isInstanceOfSatisfying(
            KmsException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("Policy contains an unknown element: ?" + "x".repeat(63) + "..."));
    assertThatThrownBy(
            () ->
                PolicyDocument.parseKeyPolicy(
                    "{\"Statement\":{\"Effect\":\"Al\\u0007low\",\"Principal\":\"*\"}}"))
        .isInstanceOfSatisfying(
            KmsException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Invalid effect: Al?low"));
  }
}
