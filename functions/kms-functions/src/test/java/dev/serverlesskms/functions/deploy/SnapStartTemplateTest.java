package dev.serverlesskms.functions.deploy;

import static dev.serverlesskms.functions.deploy.CloudFormationYaml.fn;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.map;
import static dev.serverlesskms.functions.deploy.CloudFormationYaml.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SnapStart on every function of the JVM build (docs/lambda-performance.md): it applies to
 * published versions only, so every function needs an alias that publishes one (AutoPublishAlias),
 * and none may switch either off for itself. The native build has no SnapStart (it starts fast
 * anyway).
 */
class SnapStartTemplateTest {
  private static Map<String, Object> template;

  @BeforeAll
  static void read() throws IOException {
    template =
        CloudFormationYaml.read(DeploymentTemplateTest.REPOSITORY.resolve("sam-template.yaml"));
  }

  @Test
  void theGlobals_publishAnAliasAndApplySnapStartToTheJvmBuild() {
    Map<String, Object> function = map(map(template.get("Globals")).get("Function"));
    assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
    assertThat(function.get("SnapStart"))
        .isEqualTo(
            fn(
                "If",
                List.of("IsNative", ref("AWS::NoValue"), Map.of("ApplyOn", "PublishedVersions"))));
  }

  @Test
  void everyFunction_keepsSnapStartAndItsAlias() {
    Map<String, Object> resources = map(template.get("Resources"));
    long functions =
        resources.values().stream()
            .map(CloudFormationYaml::map)
            .filter(r -> "AWS::Serverless::Function".equals(r.get("Type")))
            .peek(
                r -> {
                  Map<String, Object> properties = map(r.get("Properties"));
                  assertThat(properties).doesNotContainKeys("SnapStart", "AutoPublishAlias");
                })
            .count();
    assertThat(functions).isGreaterThan(50);
  }

  @Test
  void logsNameTheirService() {
    Map<String, Object> variables =
        map(
            map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                .get("Variables"));
    assertThat(variables.get("POWERTOOLS_SERVICE_NAME")).isEqualTo("serverless-kms");
  }
}
