package dev.serverlesskms.functions.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation YAML template into plain maps and lists, turning the short-form tags into
 * their long form as CloudFormation does ({@code !Ref X} is {@code {Ref: X}}, {@code !If [...]} is
 * {@code {Fn::If: [...]}}), so a test can compare intrinsic functions exactly.
 */
final class CloudFormationYaml {
  private CloudFormationYaml() {}

  static Map<String, Object> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml(new IntrinsicTags()).load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping, got " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    if (!(value instanceof List<?>)) {
      throw new AssertionError("expected a list, got " + value);
    }
    return (List<Object>) value;
  }

  /** {@code {Ref: name}}. */
  static Map<String, Object> ref(String name) {
    return Map.of("Ref", name);
  }

  /** {@code {Fn::name: value}}. */
  static Map<String, Object> fn(String name, Object value) {
    return Map.of("Fn::" + name, value);
  }

  private static final class IntrinsicTags extends SafeConstructor {
    IntrinsicTags() {
      super(new LoaderOptions());
      yamlMultiConstructors.put(
          "!",
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              String tag = node.getTag().getValue().substring(1);
              String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
              Object value;
              if (node instanceof ScalarNode scalar) {
                value = constructScalar(scalar);
              } else if (node instanceof SequenceNode sequence) {
                value = constructSequence(sequence);
              } else {
                value = constructMapping((MappingNode) node);
              }
              if (tag.equals("GetAtt") && value instanceof String dotted) {
                value = List.of(dotted.split("\\.", 2));
              }
              return Map.of(key, value);
            }
          });
    }
  }
}
