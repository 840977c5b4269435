package dev.serverlesskms.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The table schema exists three times: in {@link KeyTableDefinition} (code), in the table it
 * creates, and in TABLE.md (which the SAM template copies). These tests keep the three the same.
 */
class KeyTableDefinitionTest extends LocalTableTest {
  private static final CreateTableRequest DEFINITION =
      KeyTableDefinition.createTableRequest("keys");

  @Test
  void createdTable_hasTheDefinedKeysIndexesAndProjections() {
    TableDescription table = CLIENT.describeTable(request -> request.tableName(tableName)).table();

    assertThat(table.keySchema()).isEqualTo(DEFINITION.keySchema());
    assertThat(table.attributeDefinitions())
        .containsExactlyInAnyOrderElementsOf(DEFINITION.attributeDefinitions());
    assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    assertThat(table.globalSecondaryIndexes()).hasSize(2);
    for (GlobalSecondaryIndexDescription created : table.globalSecondaryIndexes()) {
      GlobalSecondaryIndex defined =
          DEFINITION.globalSecondaryIndexes().stream()
              .filter(index -> index.indexName().equals(created.indexName()))
              .findFirst()
              .orElseThrow();
      assertThat(created.keySchema()).as(created.indexName()).isEqualTo(defined.keySchema());
      assertThat(created.projection().projectionType())
          .isEqualTo(defined.projection().projectionType());
      assertThat(created.projection().nonKeyAttributes())
          .containsExactlyInAnyOrderElementsOf(defined.projection().nonKeyAttributes());
    }
  }

  @Test
  void tableMd_declaresTheDefinedTableForSam() throws IOException {
    String tableMd = Files.readString(Path.of("TABLE.md"));

    assertThat(tableMd).contains(samYaml(DEFINITION));
  }

  /** The SAM (CloudFormation) properties of the definition, indented as in TABLE.md. */
  private static String samYaml(CreateTableRequest definition) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("      BillingMode: ").append(definition.billingModeAsString()).append('\n');
    yaml.append("      AttributeDefinitions:\n");
    for (AttributeDefinition attribute : definition.attributeDefinitions()) {
      yaml.append("        - AttributeName: ").append(attribute.attributeName()).append('\n');
      yaml.append("          AttributeType: ")
          .append(attribute.attributeTypeAsString())
          .append('\n');
    }
    yaml.append("      KeySchema:\n");
    keySchema(yaml, "        ", definition.keySchema());
    yaml.append("      GlobalSecondaryIndexes:\n");
    for (GlobalSecondaryIndex index : definition.globalSecondaryIndexes()) {
      yaml.append("        - IndexName: ").append(index.indexName()).append('\n');
      yaml.append("          KeySchema:\n");
      keySchema(yaml, "            ", index.keySchema());
      yaml.append("          Projection:\n");
      yaml.append("            ProjectionType: ")
          .append(index.projection().projectionTypeAsString())
          .append('\n');
      if (index.projection().hasNonKeyAttributes()) {
        yaml.append("            NonKeyAttributes: ")
            .append(index.projection().nonKeyAttributes())
            .append('\n');
      }
    }
    return yaml.toString();
  }

  private static void keySchema(StringBuilder yaml, String indent, List<KeySchemaElement> keys) {
    keys.stream()
        .sorted(Comparator.comparing(KeySchemaElement::keyTypeAsString))
        .forEach(
            key -> {
              yaml.append(indent)
                  .append("- AttributeName: ")
                  .append(key.attributeName())
                  .append('\n');
              yaml.append(indent).append("  KeyType: ").append(key.keyTypeAsString()).append('\n');
            });
  }
}
