package dev.serverlesskms.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.functions.principals.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local server's principals, merged from the three sources, by access key. */
class LocalPrincipalsTest {
  private static final String ACCOUNT = "000000000000";

  @TempDir Path dir;

  @Test
  void developmentPair_isTheRootOfTheKmsAccount() {
    Caller caller = inline("test:test").find("test").orElseThrow().caller();

    assertThat(caller.type()).isEqualTo("Root");
    assertThat(caller.arn()).isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(caller.accountId()).isEqualTo(ACCOUNT);
    assertThat(caller.accessKeyId()).isEqualTo("test");
  }

  @Test
  void otherKeysWithoutArn_areUsersOfTheKmsAccount_namedByTheirKey() {
    LocalPrincipals principals = inline("AKIDLOCAL:s3cr3t,test:other");

    assertThat(principals.find("AKIDLOCAL").orElseThrow().caller().arn())
        .isEqualTo("arn:aws:iam::000000000000:user/AKIDLOCAL");
    // Only the exact public pair is the root.
    assertThat(principals.find("test").orElseThrow().caller().arn())
        .isEqualTo("arn:aws:iam::000000000000:user/test");
  }

  @Test
  void inlineAndFileArns_nameUsersSessionsAndRootsOfAnyAccount() throws IOException {
    Path file =
        write(
            "credentials",
            "# team keys\n"
                + "AKIDBOB bob-secret arn:aws:iam::111122223333:user/bob\n"
                + "\n"
                + "AKIDOPS ops-secret arn:aws:sts::111122223333:assumed-role/ops/deploy  # ops\n");
    LocalPrincipals principals =
        LocalPrincipals.load(
            Optional.of("AKIDROOT:root-secret:arn:aws:iam::444455556666:root"),
            Optional.of(file),
            Optional.empty(),
            ACCOUNT);

    assertThat(caller(principals, "AKIDROOT").type()).isEqualTo("Root");
    assertThat(caller(principals, "AKIDROOT").accountId()).isEqualTo("444455556666");
    assertThat(caller(principals, "AKIDBOB").arn()).isEqualTo("arn:aws:iam::111122223333:user/bob");
    assertThat(caller(principals, "AKIDOPS").type()).isEqualTo("AssumedRole");
    assertThat(caller(principals, "AKIDOPS").accountId()).isEqualTo("111122223333");
    assertThat(principals.find("AKIDOPS").orElseThrow().secretAccessKey()).isEqualTo("ops-secret");
  }

  @Test
  void principalsFile_joinsTheOtherSources() throws IOException {
    Path file =
        write(
            "principals.json",
            """
            {"principals": [
              {"accessKeyId": "AKIAEXAMPLEOPS000001", "secretAccessKey": "ops-secret",
               "arn": "arn:aws:iam::111122223333:role/ops", "sessionName": "deploy", "policies": []}
            ]}
            """);
    LocalPrincipals principals =
        LocalPrincipals.load(
            Optional.of("test:test"), Optional.empty(), Optional.of(file), ACCOUNT);

    assertThat(caller(principals, "test").type()).isEqualTo("Root");
    assertThat(caller(principals, "AKIAEXAMPLEOPS000001").arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/ops/deploy");
    assertThat(principals.hasDevelopmentPair()).isTrue();
  }

  @Test
  void accessKeyIdInTwoSources_refusesToStart_namingBoth() throws IOException {
    Path file =
        write(
            "principals.json",
            "{\"principals\": [{\"accessKeyId\": \"test\", \"secretAccessKey\": \"mine\","
                + " \"arn\": \"arn:aws:iam::000000000000:user/dev\"}]}");

    assertThatThrownBy(
            () ->
                LocalPrincipals.load(
                    Optional.of("test:test"), Optional.empty(), Optional.of(file), ACCOUNT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "principals file "
                + file
                + ": access key id test is given in kms.local.credentials too: give each key once"
                + " (to give the development key id other principals, set kms.local.credentials"
                + " to empty)")
        .hasMessageNotContaining("mine");
  }

  @Test
  void accessKeyIdTwiceInOneSource_refusesToStart() throws IOException {
    Path file = write("credentials", "AKID1 a\nAKID1 b\n");

    assertThatThrownBy(() -> inline("AKID1:a,AKID1:b"))
        .hasMessage(
            "kms.local.credentials: access key id AKID1 is given twice: give each key once");
    assertThatThrownBy(
            () ->
                LocalPrincipals.load(
                    Optional.empty(), Optional.of(file), Optional.empty(), ACCOUNT))
        .hasMessage(
            "credentials file "
                + file
                + ": access key id AKID1 is given twice: give each key once");
  }

  @Test
  void malformedCredentialLines_nameTheLine_andNeverTheSecret() throws IOException {
    Path file = write("credentials", "AKID1 s3cr3t-one\nAKID2 s3cr3t-two arn:aws:iam::1:user/x\n");

    assertThatThrownBy(
            () ->
                LocalPrincipals.load(
                    Optional.empty(), Optional.of(file), Optional.empty(), ACCOUNT))
        .hasMessageStartingWith(
            "credentials file "
                + file
                + ", line 2 (access key id AKID2) has an arn 'arn:aws:iam::1:user/x' that is not")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> inline("AKID1:s3cr3t:arn:aws:iam::111122223333:role/ops"))
        .hasMessageStartingWith("kms.local.credentials, entry 1 (access key id AKID1) has an arn")
        .hasMessageContaining("calls only through a session")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> inline("AKID1"))
        .hasMessage(
            "kms.local.credentials, entry 1: a credential needs an access key id and a secret");
  }

  @Test
  void malformedPrincipalsFile_refusesToStart_namingTheFileAndTheEntry() throws IOException {
    Path file =
        write(
            "principals.json",
            "{\"principals\": [{\"accessKeyId\": \"AKID1\", \"secretAccessKey\": \"s3cr3t\"}]}");

    assertThatThrownBy(
            () ->
                LocalPrincipals.load(
                    Optional.empty(), Optional.empty(), Optional.of(file), ACCOUNT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "principals file " + file + ": principals[0] (accessKeyId AKID1) has no \"arn\"");
  }

  @Test
  void missingPrincipalsFile_refusesToStart() {
    Path missing = dir.resolve("nowhere.json");

    assertThatThrownBy(
            () ->
                LocalPrincipals.load(
                    Optional.empty(), Optional.empty(), Optional.of(missing), ACCOUNT))
        .hasMessageStartingWith("cannot read the principals file " + missing);
  }

  @Test
  void noCredentialsAtAll_refusesToStart() {
    assertThatThrownBy(
            () ->
                LocalPrincipals.load(Optional.empty(), Optional.empty(), Optional.empty(), ACCOUNT))
        .hasMessageContaining("no credentials configured");
  }

  private static LocalPrincipals inline(String list) {
    return LocalPrincipals.load(Optional.of(list), Optional.empty(), Optional.empty(), ACCOUNT);
  }

  private static Caller caller(LocalPrincipals principals, String accessKeyId) {
    return principals.find(accessKeyId).map(Principal::caller).orElseThrow();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
