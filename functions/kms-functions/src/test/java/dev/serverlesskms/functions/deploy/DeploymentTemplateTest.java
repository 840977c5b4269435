package dev.serverlesskms.functions.deploy;

import static dev.serverlesskms.functions.deploy.CloudFormationYaml.fn;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.list;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.map;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What sam-template.yaml must keep: no secret values in parameters or function configuration, the
 * enclave's secret readable by the functions that use the enclave and by nothing else, an event
 * rule that only this account's configured sources can trigger, and a {@code sam build} that
 * refuses a function.zip of the other BuildVariant. (Lint is .ci/run's `sam validate --lint`.)
 */
class DeploymentTemplateTest {
  /** The repository root, from the module directory Maven runs tests in. */
  static final Path REPOSITORY = Path.of("../..");

  private static final Set<String> REMOVED_SECRET_VARIABLES =
      Set.of("KMS_ENCLAVE_ROOT_KEY_SECRET", "KMS_ENCLAVE_PKCS11_PIN");
  private static final Object ROOT_KEY_SECRET_ARN =
      fn("If", List.of("IsSoftwareEnclave", ref("EnclaveSecretArn"), ref("AWS::NoValue")));
  private static final Object PIN_SECRET_ARN =
      fn("If", List.of("IsPkcs11Enclave", ref("EnclaveSecretArn"), ref("AWS::NoValue")));

  private static Map<String, Object> template;

  @BeforeAll
  static void read() throws IOException {
    template = CloudFormationYaml.read(REPOSITORY.resolve("sam-template.yaml"));
  }

  private static Map<String, Object> section(String name) {
    return map(template.get(name));
  }

  private static Map<String, Object> resource(String name) {
    return map(section("Resources").get(name));
  }

  private static Map<String, Object> properties(String resource) {
    return map(resource(resource).get("Properties"));
  }

  /** Every function's own environment variables, by function name. */
  private static Map<String, Map<String, Object>> functionEnvironments() {
    Map<String, Map<String, Object>> environments = new TreeMap<>();
    section("Resources")
        .forEach(
            (name, value) -> {
              if ("AWS::Serverless::Function".equals(map(value).get("Type"))) {
                environments.put(
                    name, map(map(properties(name).get("Environment")).get("Variables")));
              }
            });
    return environments;
  }

  private static Map<String, Object> globalEnvironment() {
    return map(
        map(map(map(section("Globals").get("Function")).get("Environment")).get("Variables")));
  }

  @Test
  void noParameterTakesASecretValue() {
    section("Parameters")
        .forEach(
            (name, value) -> {
              assertThat(map(value)).as(name).doesNotContainKey("NoEcho");
              if (name.contains("Secret") || name.contains("Pin")) {
                assertThat(name)
                    .as("a secret is passed by its ARN, never by value")
                    .endsWith("Arn");
              }
            });
    assertThat(section("Parameters")).doesNotContainKeys("RootKeySecret", "Pkcs11Pin");
  }

  @Test
  void noFunctionReceivesASecretValueInItsEnvironment() {
    assertThat(globalEnvironment())
        .doesNotContainKeys(REMOVED_SECRET_VARIABLES.toArray(String[]::new));
    functionEnvironments()
        .forEach(
            (function, variables) -> {
              assertThat(variables)
                  .as(function)
                  .doesNotContainKeys(REMOVED_SECRET_VARIABLES.toArray(String[]::new));
              variables.keySet().stream()
                  .filter(key -> key.contains("SECRET") || key.endsWith("_PIN"))
                  .forEach(key -> assertThat(key).as(function).endsWith("_SECRET_ARN"));
            });
  }

  @Test
  void onlyTheFunctionsThatUseTheEnclaveGetItsSecretAndMayReadIt() {
    assertThat(globalEnvironment()).containsEntry("KMS_ENCLAVE_KIND", "none");
    Set<String> enclaveFunctions = new TreeSet<>();
    functionEnvironments()
        .forEach(
            (function, variables) -> {
              List<Object> policies = list(properties(function).get("Policies"));
              if (variables.containsKey("KMS_ENCLAVE_KIND")) {
                enclaveFunctions.add(function);
                assertThat(variables.get("KMS_ENCLAVE_KIND")).isEqualTo(ref("EnclaveKind"));
                assertThat(variables)
                    .as(function)
                    .containsEntry("KMS_ENCLAVE_ROOT_KEY_SECRET_ARN", ROOT_KEY_SECRET_ARN)
                    .containsEntry("KMS_ENCLAVE_PKCS11_PIN_SECRET_ARN", PIN_SECRET_ARN);
                assertThat(policies).as(function).contains(ref("EnclaveSecretReadPolicy"));
              } else {
                assertThat(variables.keySet())
                    .as(function)
                    .noneMatch(key -> key.startsWith("KMS_ENCLAVE_"));
                assertThat(policies).as(function).doesNotContain(ref("EnclaveSecretReadPolicy"));
              }
            });
    assertThat(enclaveFunctions)
        .contains("EncryptFunction", "DecryptFunction", "CreateKeyFunction", "KmsApiFunction")
        .doesNotContain("DescribeKeyFunction", "ListAliasesFunction", "TagResourceFunction");
  }

  @Test
  void theSecretPolicyAllowsGetSecretValueOnTheOneSecretOnly() {
    Map<String, Object> policy = map(properties("EnclaveSecretReadPolicy").get("PolicyDocument"));
    List<Object> statements = list(policy.get("Statement"));
    assertThat(statements).hasSize(2);

    assertThat(map(statements.get(0)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Effect", "Allow",
                "Action", "secretsmanager:GetSecretValue",
                "Resource", ref("EnclaveSecretArn")));

    // kms:Decrypt only with a customer managed key, only through Secrets Manager, only for it.
    List<Object> optional = list(map(statements.get(1)).get("Fn::If"));
    assertThat(optional.get(0)).isEqualTo("HasSecretsKmsKey");
    assertThat(optional.get(2)).isEqualTo(ref("AWS::NoValue"));
    Map<String, Object> decrypt = map(optional.get(1));
    assertThat(decrypt)
        .containsEntry("Effect", "Allow")
        .containsEntry("Action", "kms:Decrypt")
        .containsEntry("Resource", ref("SecretsKmsKeyArn"));
    Map<String, Object> equals = map(map(decrypt.get("Condition")).get("StringEquals"));
    assertThat(equals).containsEntry("kms:EncryptionContext:SecretARN", ref("EnclaveSecretArn"));
    assertThat(equals).containsKey("kms:ViaService");

    // No other resource grants anything on Secrets Manager (but the principals document's).
    section("Resources")
        .forEach(
            (name, value) -> {
              if (!name.equals("EnclaveSecretReadPolicy")
                  && !name.equals("PrincipalsSecretReadPolicy")) {
                assertThat(String.valueOf(value)).as(name).doesNotContain("secretsmanager:");
              }
            });
  }

  @Test
  void thePrincipalsDocument_isOptional_andReadOnlyByTheFunctionsWhoseCallersItNames() {
    Map<String, Object> parameter = map(section("Parameters").get("PrincipalsSecretArn"));
    assertThat(parameter).containsEntry("Default", "");
    String pattern = (String) parameter.get("AllowedPattern");
    assertThat("").matches(pattern);
    assertThat("arn:aws:secretsmanager:eu-west-1:111122223333:secret:kms/principals-AbCdEf")
        .matches(pattern);
    assertThat(List.of("*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:*"))
        .noneMatch(value -> value.matches(pattern));

    Set<String> readers = new TreeSet<>();
    Object readPolicy =
        fn(
            "If",
            List.of("HasPrincipalsSecret", ref("PrincipalsSecretReadPolicy"), ref("AWS::NoValue")));
    Object secretArn =
        fn("If", List.of("HasPrincipalsSecret", ref("PrincipalsSecretArn"), ref("AWS::NoValue")));
    functionEnvironments()
        .forEach(
            (function, variables) -> {
              List<Object> policies = list(properties(function).get("Policies"));
              if (variables.containsKey("KMS_PRINCIPALS_SECRET_ARN")) {
                readers.add(function);
                assertThat(variables.get("KMS_PRINCIPALS_SECRET_ARN")).isEqualTo(secretArn);
                assertThat(policies).as(function).contains(readPolicy);
              } else {
                assertThat(String.valueOf(policies))
                    .as(function)
                    .doesNotContain("PrincipalsSecretReadPolicy");
              }
            });
    assertThat(readers)
        .containsExactly(
            "EncryptEventBridgeEventsFunction", "EncryptSqsMessagesFunction", "KmsApiFunction");

    assertThat(resource("PrincipalsSecretReadPolicy"))
        .containsEntry("Condition", "HasPrincipalsSecret");
    List<Object> statements =
        list(map(properties("PrincipalsSecretReadPolicy").get("PolicyDocument")).get("Statement"));
    assertThat(map(statements.get(0)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Effect", "Allow",
                "Action", "secretsmanager:GetSecretValue",
                "Resource", ref("PrincipalsSecretArn")));
    Map<String, Object> decrypt = map(list(map(statements.get(1)).get("Fn::If")).get(1));
    assertThat(map(map(decrypt.get("Condition")).get("StringEquals")))
        .containsEntry("kms:EncryptionContext:SecretARN", ref("PrincipalsSecretArn"));
  }

  @Test
  void theSecretArnIsRequiredAndMustBeAFullSecretArn() {
    Map<String, Object> parameter = map(section("Parameters").get("EnclaveSecretArn"));
    assertThat(parameter)
        .as("required: CloudFormation refuses a deploy without it")
        .doesNotContainKey("Default");
    String pattern = (String) parameter.get("AllowedPattern");
    assertThat(
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/root-key-AbCdEf")
        .matches(pattern);
    assertThat("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:kms-a1B2c3")
        .matches(pattern);
    assertThat(
            List.of(
                "",
                "*",
                "serverless-kms/root-key",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:serverless-kms/root-key",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:*",
                "arn:aws:ssm:eu-west-1:111122223333:parameter/root-key-AbCdEf"))
        .noneMatch(value -> value.matches(pattern));
  }

  @Test
  void theEventRuleAcceptsOnlyThisAccountsConfiguredSources() {
    Map<String, Object> event =
        map(map(properties("EncryptEventBridgeEventsFunction").get("Events")).get("Requests"));
    assertThat(event.get("Type")).isEqualTo("EventBridgeRule");
    Map<String, Object> pattern = map(map(event.get("Properties")).get("Pattern"));
    assertThat(pattern)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "detail-type", List.of("EncryptionRequest"),
                "source", ref("EncryptionRequestSources"),
                "account", List.of(ref("AWS::AccountId"))));

    Map<String, Object> sources = map(section("Parameters").get("EncryptionRequestSources"));
    assertThat(sources.get("Type")).isEqualTo("CommaDelimitedList");
    assertThat((String) sources.get("Default"))
        .isEqualTo("serverless-kms.encryption-requests")
        .doesNotStartWith("aws.");
  }

  @Test
  void theDefaultBuildVariantIsTheOneEveryMachineBuilds() {
    Map<String, Object> buildVariant = map(section("Parameters").get("BuildVariant"));
    assertThat(buildVariant.get("Default")).isEqualTo("jvm");
    assertThat(list(buildVariant.get("AllowedValues"))).containsExactlyInAnyOrder("jvm", "native");
    Map<String, Object> function = map(section("Globals").get("Function"));
    assertThat(function.get("Runtime"))
        .isEqualTo(fn("If", List.of("IsNative", "provided.al2023", "java21")));
    assertThat(section("Conditions").get("IsNative"))
        .isEqualTo(fn("Equals", List.of(ref("BuildVariant"), "native")));
  }

  @Test
  void samBuildRunsTheVariantCheckOfTheTemplatesBuildVariantAndNeverDeploysIt() throws IOException {
    Map<String, Object> check = resource("BuildVariantCheck");
    assertThat(check.get("Type")).isEqualTo("AWS::Serverless::LayerVersion");

    // Built by `sam build` (which ignores conditions), never created by CloudFormation.
    List<Object> buildTimeOnly =
        list(map(section("Conditions").get(check.get("Condition"))).get("Fn::Equals"));
    assertThat(buildTimeOnly.get(0)).isEqualTo(ref("BuildVariant"));
    assertThat(list(map(section("Parameters").get("BuildVariant")).get("AllowedValues")))
        .doesNotContain(buildTimeOnly.get(1));

    // sam build resolves ContextPath with the build's parameters: the Makefile of that variant
    // runs.
    Map<String, Object> metadata = map(check.get("Metadata"));
    assertThat(metadata.get("BuildMethod")).isEqualTo("makefile");
    assertThat(metadata.get("ContextPath"))
        .isEqualTo(
            fn(
                "If",
                List.of(
                    "IsNative",
                    "infra/build-variant-check/native",
                    "infra/build-variant-check/jvm")));
    String codeUri = (String) map(section("Globals").get("Function")).get("CodeUri");
    for (String variant : List.of("jvm", "native")) {
      String makefile =
          Files.readString(
              REPOSITORY.resolve("infra/build-variant-check/" + variant + "/Makefile"));
      assertThat(makefile)
          .contains("build-BuildVariantCheck:")
          .contains("check-function-zip.py\" " + variant + " \"$(FUNCTION_ZIP)\"")
          .contains("FUNCTION_ZIP := $(abspath $(HERE)../../..)/" + codeUri + "\n");
    }
  }
}
