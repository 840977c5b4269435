package dev.serverlesskms.functions.deploy;

import static dev.serverlesskms.functions.deploy.CloudFormationYaml.fn;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.list;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.map;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's regions (docs/serverless-regions.md): one key table, in the home region. The home
 * stack (HomeRegion empty) creates it and runs the lifecycle schedule; the stack of another region
 * creates no table, points every function at the home table (name and region), grants access to
 * that table's ARN in the home region, and leaves the schedule disabled.
 */
class RegionsTemplateTest {
  private static final Object CREATES = fn("Equals", List.of(ref("HomeRegion"), ""));
  private static Map<String, Object> template;

  @BeforeAll
  static void read() throws IOException {
    template =
        CloudFormationYaml.read(DeploymentTemplateTest.REPOSITORY.resolve("sam-template.yaml"));
  }

  @Test
  void onlyTheHomeStackCreatesTheTable() {
    assertThat(map(template.get("Conditions")).get("CreatesKeyTable")).isEqualTo(CREATES);
    assertThat(resource("KeyTable").get("Condition")).isEqualTo("CreatesKeyTable");
    assertThat(map(template.get("Rules"))).containsKeys("KeyTableNamedWithItsRegion");
  }

  @Test
  void everyFunctionUsesTheHomeTable_andNamesItsRegion() {
    Map<String, Object> variables =
        map(
            map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                .get("Variables"));
    assertThat(variables.get("KMS_STORE_TABLE"))
        .isEqualTo(fn("If", List.of("CreatesKeyTable", ref("KeyTable"), ref("HomeKeyTableName"))));
    assertThat(variables.get("KMS_STORE_REGION"))
        .isEqualTo(fn("If", List.of("CreatesKeyTable", ref("AWS::Region"), ref("HomeRegion"))));
    // the function's own region stays the deployment's
    assertThat(variables.get("KMS_REGION")).isEqualTo(ref("AWS::Region"));
  }

  @Test
  void theTablePolicies_nameTheHomeTableInItsRegion() {
    for (String policy : List.of("KeyTableReadPolicy", "KeyTableWritePolicy")) {
      Map<String, Object> statement =
          map(
              list(map(map(resource(policy).get("Properties")).get("PolicyDocument"))
                      .get("Statement"))
                  .get(0));
      List<Object> resources = list(statement.get("Resource"));
      assertThat(resources).hasSize(2);
      assertThat(resources)
          .allSatisfy(
              arn -> {
                List<Object> choice = list(map(arn).get("Fn::If"));
                assertThat(choice.get(0)).isEqualTo("CreatesKeyTable");
                assertThat(String.valueOf(choice.get(2)))
                    .contains("dynamodb:${HomeRegion}:${AWS::AccountId}:table/${HomeKeyTableName}");
              });
    }
  }

  @Test
  void theLifecycleScheduleRunsInTheHomeStackOnly() {
    Map<String, Object> schedule =
        map(
            map(map(map(resource("ProcessDueKeysFunction").get("Properties")).get("Events"))
                    .get("Schedule"))
                .get("Properties"));
    assertThat(schedule.get("State"))
        .isEqualTo(fn("If", List.of("CreatesKeyTable", "ENABLED", "DISABLED")));
  }

  @Test
  void readOnlyFunctions_maySaveLastUses_writingOnlyTheActivityAttributes() {
    Map<String, Object> statement =
        map(
            list(map(map(resource("KeyUsageWritePolicy").get("Properties")).get("PolicyDocument"))
                    .get("Statement"))
                .get(0));
    assertThat(statement.get("Action"))
        .isEqualTo(List.of("dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"));
    assertThat(
            map(map(statement.get("Condition")).get("ForAllValues:StringEquals"))
                .get("dynamodb:Attributes"))
        .isEqualTo(
            List.of(
                "pk",
                "sk",
                "grants",
                "lastUsedAt",
                "lastUsedOperation",
                "lastUsedEventId",
                "lastUsedRequestId"));
    map(template.get("Resources"))
        .forEach(
            (name, value) -> {
              Object policies =
                  map(map(value).getOrDefault("Properties", Map.of())).get("Policies");
              if (policies != null && list(policies).contains(ref("KeyTableReadPolicy"))) {
                assertThat(list(policies)).as(name).contains((Object) ref("KeyUsageWritePolicy"));
              }
            });
  }

  private static Map<String, Object> resource(String name) {
    return map(map(template.get("Resources")).get(name));
  }
}
