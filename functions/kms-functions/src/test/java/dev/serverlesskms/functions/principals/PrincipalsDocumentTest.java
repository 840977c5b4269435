package dev.serverlesskms.functions.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.serverlesskms.functions.principals.PrincipalsDocument.Keys;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The principals document as users write it: what it accepts, and for every malformed case the one
 * message that names the entry and the problem, never a secret.
 */
class PrincipalsDocumentTest {
  private static final String SOURCE = "principals file /etc/kms/principals.json";
  private static final String SECRET = "s3cr3t-never-shown";

  @Test
  void issueExample_withoutPolicies_givesAUserARoleSessionAndARoot() {
    List<Principal> principals =
        parse(
            """
            {"principals": [
              {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-secret",
               "arn": "arn:aws:iam::000000000000:user/alice", "policies": []},
              {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-secret",
               "arn": "arn:aws:iam::111122223333:role/ops", "sessionName": "deploy", "policies": []},
              {"accessKeyId": "AKIAEXAMPLEROOT00001", "secretAccessKey": "root-secret",
               "arn": "arn:aws:iam::111122223333:root"}
            ]}
            """);

    assertThat(principals).hasSize(3);
    assertThat(principals.get(0).accessKeyId()).isEqualTo("AKIAEXAMPLEALICE0001");
    assertThat(principals.get(0).secretAccessKey()).isEqualTo("alice-secret");
    assertThat(principals.get(0).caller().arn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
    assertThat(principals.get(1).caller().arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/ops/deploy");
    assertThat(principals.get(1).caller().type()).isEqualTo("AssumedRole");
    assertThat(principals.get(2).caller().type()).isEqualTo("Root");
    assertThat(principals.get(2).policies()).isEmpty();
  }

  @Test
  void emptyList_isAccepted() {
    assertThat(parse("{\"principals\": []}")).isEmpty();
  }

  @Test
  void notJson_isReportedByPosition_neverByItsText() {
    assertThat(
            error(
                "{\"principals\": [\n  {\"accessKeyId\": \"AKID\", \"secretAccessKey\": "
                    + SECRET
                    + "}]}"))
        .isEqualTo(SOURCE + ": is not valid JSON (line 2, column 46)");
    assertThat(error("")).contains("is not a JSON object with a \"principals\" array");
    assertThat(error("[]")).contains("is not a JSON object with a \"principals\" array");
    assertThat(error("{\"principals\": []} {}")).contains("is not valid JSON");
  }

  @Test
  void topLevel_needsExactlyAPrincipalsArray() {
    assertThat(error("{}"))
        .isEqualTo(SOURCE + ": needs a \"principals\" array: {\"principals\": [...]}");
    assertThat(error("{\"principals\": {}}")).contains("needs a \"principals\" array");
    assertThat(error("{\"principals\": [], \"version\": 1}"))
        .isEqualTo(
            SOURCE + ": has an unknown field \"version\": the document has only \"principals\"");
    assertThat(error("{\"principals\": [], \"principals\": []}"))
        .startsWith(SOURCE + ": has a repeated field 'principals'");
  }

  @Test
  void entry_mustBeAnObject_withKnownFields() {
    assertThat(error("{\"principals\": [\"AKID\"]}"))
        .isEqualTo(SOURCE + ": principals[0] is not a JSON object");
    assertThat(error(entry("\"accessKeyId\": \"AKID1\", \"secret\": \"" + SECRET + "\"")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has an unknown field \"secret\": an entry"
                + " has accessKeyId, secretAccessKey, arn, sessionName (roles only) and policies");
    assertThat(
            error(
                entry(
                    "\"accessKeyId\": \"AKID1\", \"accessKeyId\": \"AKID2\", \"secretAccessKey\":"
                        + " \"x\", \"arn\": \"arn:aws:iam::111122223333:root\"")))
        .startsWith(SOURCE + ": has a repeated field 'accessKeyId'");
  }

  @Test
  void missingFields_areNamed() {
    assertThat(error(entry("\"secretAccessKey\": \"" + SECRET + "\", \"arn\": \"" + ALICE + "\"")))
        .isEqualTo(SOURCE + ": principals[0] has no \"accessKeyId\"");
    assertThat(error(entry("\"accessKeyId\": \"AKID1\", \"arn\": \"" + ALICE + "\"")))
        .isEqualTo(SOURCE + ": principals[0] (accessKeyId AKID1) has no \"secretAccessKey\"");
    assertThat(error(entry("\"accessKeyId\": \"AKID1\", \"secretAccessKey\": \"" + SECRET + "\"")))
        .isEqualTo(SOURCE + ": principals[0] (accessKeyId AKID1) has no \"arn\"");
  }

  @Test
  void fieldsOfTheWrongTypeOrEmpty_areNamed() {
    assertThat(error(entry(keys("AKID1") + ", \"arn\": 42")))
        .isEqualTo(
            SOURCE + ": principals[0] (accessKeyId AKID1) has a non-string value for \"arn\"");
    assertThat(
            error(
                entry(
                    "\"accessKeyId\": 7, \"secretAccessKey\": \"x\", \"arn\": \"" + ALICE + "\"")))
        .isEqualTo(SOURCE + ": principals[0] has a non-string value for \"accessKeyId\"");
    assertThat(error(entry(keys("AKID1") + ", \"arn\": \"" + ALICE + "\", \"sessionName\": null")))
        .contains("has a non-string value for \"sessionName\"");
    assertThat(
            error(
                entry(
                    "\"accessKeyId\": \"AKID1\", \"secretAccessKey\": \"\", \"arn\": \""
                        + ALICE
                        + "\"")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has an empty value for \"secretAccessKey\"");
    assertThat(
            error(
                entry(
                    "\"accessKeyId\": \"AK ID\", \"secretAccessKey\": \"x\", \"arn\": \""
                        + ALICE
                        + "\"")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AK ID) has an invalid accessKeyId: at most 128"
                + " characters, without spaces, '/' or ','");
  }

  @Test
  void repeatedAccessKeyId_namesBothEntries() {
    String json =
        "{\"principals\": ["
            + principal("AKID1", ALICE)
            + ","
            + principal("AKID2", "arn:aws:iam::111122223333:user/bob")
            + ","
            + principal("AKID1", "arn:aws:iam::111122223333:user/carol")
            + "]}";

    assertThat(error(json))
        .isEqualTo(
            SOURCE
                + ": principals[2] (accessKeyId AKID1) repeats the access key id of principals[0]:"
                + " each key is one entry");
  }

  @Test
  void badArnOrSessionName_namesTheEntry() {
    assertThat(error("{\"principals\": [" + principal("AKID1", "arn:aws:iam::1234:user/x") + "]}"))
        .startsWith(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has an arn 'arn:aws:iam::1234:user/x' that"
                + " is not an IAM user, role or account root");
    assertThat(error(entry(keys("AKID1") + ", \"arn\": \"arn:aws:iam::111122223333:role/ops\"")))
        .startsWith(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) names the IAM role"
                + " 'arn:aws:iam::111122223333:role/ops' without the sessionName");
    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \"arn:aws:iam::111122223333:role/ops\", \"sessionName\": \"a b\"")))
        .startsWith(
            SOURCE + ": principals[0] (accessKeyId AKID1) has a sessionName 'a b' that is invalid");
    assertThat(
            error(entry(keys("AKID1") + ", \"arn\": \"" + ALICE + "\", \"sessionName\": \"s1\"")))
        .startsWith(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has a sessionName, which is for roles only");
  }

  @Test
  void policies_mustBeAnArrayOfObjects_andNotOnARoot() {
    assertThat(error(entry(keys("AKID1") + ", \"arn\": \"" + ALICE + "\", \"policies\": {}")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has \"policies\" that is not an array of IAM"
                + " policy documents (JSON objects)");
    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \""
                        + ALICE
                        + "\", \"policies\": [\"{\\\"Version\\\": \\\"2012-10-17\\\"}\"]")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has policies[0] that is not an IAM policy"
                + " document (a JSON object)");
  }

  @Test
  void policies_areParsedAsIdentityPolicies() {
    List<Principal> principals =
        parse(
            """
            {"principals": [
              {"accessKeyId": "AKIAEXAMPLEALICE0001", "secretAccessKey": "alice-secret",
               "arn": "arn:aws:iam::000000000000:user/alice",
               "policies": [
                 {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]},
                 {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "kms:*", "Resource": "*",
                   "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}]}
            ]}
            """);

    assertThat(principals.get(0).policies()).hasSize(2);
  }

  @Test
  void malformedPolicy_isRefused_withThePolicyParsersMessage() {
    String withPrincipal =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
    String badEffect =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Maybe\","
            + " \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";

    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \""
                        + ALICE
                        + "\", \"policies\": ["
                        + badEffect.replace("Maybe", "Allow")
                        + ","
                        + withPrincipal
                        + "]")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has a malformed policies[1]:"
                + " MalformedPolicyDocumentException: Policy document should not specify a"
                + " principal.");
    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \""
                        + ALICE
                        + "\", \"policies\": ["
                        + withPrincipal
                        + "]")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) has a malformed policies[0]:"
                + " MalformedPolicyDocumentException: Policy document should not specify a"
                + " principal.");
    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \""
                        + ALICE
                        + "\", \"policies\": ["
                        + badEffect
                        + "]")))
        .contains("has a malformed policies[0]: MalformedPolicyDocumentException: Invalid effect:");
  }

  @Test
  void policiesOnARoot_areRefused() {
    assertThat(
            error(
                entry(
                    keys("AKID1")
                        + ", \"arn\": \"arn:aws:iam::111122223333:root\", \"policies\":"
                        + " [{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\":"
                        + " \"Allow\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]}]")))
        .isEqualTo(
            SOURCE
                + ": principals[0] (accessKeyId AKID1) gives policies to an account root, which IAM"
                + " policies neither attach to nor restrict: remove them");
  }

  @Test
  void deploymentDocument_hasNoKeys_andItsRolesNeedNoSession() {
    List<Principal> principals =
        PrincipalsDocument.parse(
            """
            {"principals": [
              {"arn": "arn:aws:iam::000000000000:user/alice", "policies": []},
              {"arn": "arn:aws:iam::111122223333:role/ops"},
              {"arn": "arn:aws:iam::111122223333:role/batch", "sessionName": "nightly"}
            ]}
            """,
            Keys.FORBIDDEN,
            SOURCE);

    assertThat(principals).extracting(Principal::accessKeyId).containsOnlyNulls();
    assertThat(principals.get(1).identity().kind()).isEqualTo(Identity.Kind.ROLE);
    assertThat(principals.get(1).identity().policyHolder()).isEqualTo("111122223333:role/ops");
    assertThat(principals.get(2).identity().policyHolder()).isEqualTo("111122223333:role/batch");
  }

  @Test
  void deploymentDocument_refusesKeys_namingTheEntryByItsArn() {
    for (String field : new String[] {"accessKeyId", "secretAccessKey"}) {
      String message =
          errorWithout(
              "{\"principals\": [{\"arn\": \""
                  + ALICE
                  + "\", \""
                  + field
                  + "\": \""
                  + SECRET
                  + "\"}]}");
      assertThat(message)
          .isEqualTo(
              SOURCE
                  + ": principals[0] (arn "
                  + ALICE
                  + ") has \""
                  + field
                  + "\": a deployment's principals document holds no access keys (API Gateway"
                  + " authenticates callers with IAM's): remove it");
    }
  }

  @Test
  void principalToString_neverShowsTheSecret() {
    Principal principal = parse("{\"principals\": [" + principal("AKID1", ALICE) + "]}").get(0);

    assertThat(principal.toString()).contains("AKID1").contains(ALICE).doesNotContain(SECRET);
  }

  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

  private static List<Principal> parse(String json) {
    return PrincipalsDocument.parse(json, Keys.REQUIRED, SOURCE);
  }

  /** The message a malformed principals file is refused with; it never holds the secret. */
  private static String error(String json) {
    Throwable thrown = catchThrowable(() -> parse(json));
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    return thrown.getMessage();
  }

  private static String errorWithout(String json) {
    Throwable thrown = catchThrowable(() -> PrincipalsDocument.parse(json, Keys.FORBIDDEN, SOURCE));
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    return thrown.getMessage();
  }

  private static String entry(String fields) {
    return "{\"principals\": [{" + fields + "}]}";
  }

  private static String keys(String accessKeyId) {
    return "\"accessKeyId\": \"" + accessKeyId + "\", \"secretAccessKey\": \"" + SECRET + "\"";
  }

  private static String principal(String accessKeyId, String arn) {
    return "{" + keys(accessKeyId) + ", \"arn\": \"" + arn + "\"}";
  }
}
