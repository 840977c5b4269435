package dev.serverlesskms.functions.principals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a principals document, the JSON users write by hand (README, "Principals"):
 *
 * <pre>{@code
 * {"principals": [
 *   {"accessKeyId": "...", "secretAccessKey": "...", "arn": "arn:aws:iam::<account>:user/<name>",
 *    "policies": [<IAM policy documents, as JSON objects>]},
 *   {"accessKeyId": "...", "secretAccessKey": "...", "arn": "arn:aws:iam::<account>:role/<name>",
 *    "sessionName": "...", "policies": []},
 *   {"accessKeyId": "...", "secretAccessKey": "...", "arn": "arn:aws:iam::<account>:root"}]}
 * }</pre>
 *
 * The local server's principals file has every field; the document stored with a deployment has no
 * access keys (API Gateway authenticates callers), and a role's {@code sessionName} is optional
 * there (every session of the role has its policies). {@code policies} may be left out (none).
 *
 * <p>Anything else is refused with one message naming the entry ({@code principals[<index>]} and
 * its access key id, or its arn) and the problem: not JSON, a field unknown, missing, repeated or
 * of the wrong type, a repeated access key id, an invalid ARN or session name, a malformed policy
 * (with the policy parser's MalformedPolicyDocumentException message), policies on an account root.
 * Secrets never appear in a message: a JSON syntax error is reported by its position only, as the
 * parser's own message can quote the text where it stopped.
 */
public final class PrincipalsDocument {
  /** Whether entries carry access keys. */
  public enum Keys {
    /** The local principals file: every entry has its access key id and secret. */
    REQUIRED,
    /** A deployment's document: no entry has one. */
    FORBIDDEN
  }

  private static final Set<String> FIELDS =
      Set.of("accessKeyId", "secretAccessKey", "arn", "sessionName", "policies");
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PrincipalsDocument() {}

  /**
   * @param json the document
   * @param keys whether entries must carry access keys or must not
   * @param source what the document is, for messages ({@code principals file /etc/kms.json})
   * @return the principals, in document order
   * @throws IllegalStateException naming the source, the entry and the problem
   */
  public static List<Principal> parse(String json, Keys keys, String source) {
    try {
      return principals(tree(json), keys);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + ": " + e.getMessage());
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String original = e.getOriginalMessage();
      String what =
          original != null && original.startsWith("Duplicate field")
              ? original.replace("Duplicate field", "has a repeated field")
              : "is not valid JSON";
      var location = e.getLocation();
      throw new IllegalArgumentException(
          location == null
              ? what
              : what
                  + " (line "
                  + location.getLineNr()
                  + ", column "
                  + location.getColumnNr()
                  + ")");
    }
  }

  private static List<Principal> principals(JsonNode root, Keys keys) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "is not a JSON object with a \"principals\" array: {\"principals\": [...]}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("principals")) {
        throw new IllegalArgumentException(
            "has an unknown field \"" + name + "\": the document has only \"principals\"");
      }
    }
    JsonNode entries = root.get("principals");
    if (entries == null || !entries.isArray()) {
      throw new IllegalArgumentException("needs a \"principals\" array: {\"principals\": [...]}");
    }
    List<Principal> principals = new ArrayList<>();
    Map<String, Integer> entryOfKey = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String name = entryName(i, entry, keys);
      try {
        Principal principal = principal(entry, keys);
        if (principal.accessKeyId() != null) {
          Integer earlier = entryOfKey.putIfAbsent(principal.accessKeyId(), i);
          if (earlier != null) {
            throw new IllegalArgumentException(
                "repeats the access key id of principals[" + earlier + "]: each key is one entry");
          }
        }
        principals.add(principal);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " " + e.getMessage());
      }
    }
    return principals;
  }

  /** {@code principals[3] (accessKeyId AKIA...)}, or by arn in a document without keys. */
  private static String entryName(int index, JsonNode entry, Keys keys) {
    String name = "principals[" + index + "]";
    String label = keys == Keys.REQUIRED ? "accessKeyId" : "arn";
    JsonNode value = entry.get(label);
    if (value != null && value.isTextual() && !value.asText().isEmpty()) {
      String text = value.asText();
      return name
          + " ("
          + label
          + " "
          + (text.length() > 200 ? text.substring(0, 200) + "..." : text)
          + ")";
    }
    return name;
  }

  private static Principal principal(JsonNode entry, Keys keys) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException("is not a JSON object");
    }
    for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "has an unknown field \""
                + field
                + "\": an entry has accessKeyId, secretAccessKey, arn, sessionName (roles only)"
                + " and policies");
      }
    }
    String accessKeyId = null;
    String secret = null;
    if (keys == Keys.REQUIRED) {
      accessKeyId = requiredText(entry, "accessKeyId");
      Principal.requireAccessKeyId(accessKeyId);
      secret = requiredText(entry, "secretAccessKey");
    } else {
      for (String field : List.of("accessKeyId", "secretAccessKey")) {
        if (entry.has(field)) {
          throw new IllegalArgumentException(
              "has \""
                  + field
                  + "\": a deployment's principals document holds no access keys (API Gateway"
                  + " authenticates callers with IAM's): remove it");
        }
      }
    }
    String arn = requiredText(entry, "arn");
    String sessionName = optionalText(entry, "sessionName");
    // In a deployment's document a role without a session stands for all its sessions.
    Identity identity =
        keys == Keys.FORBIDDEN && sessionName == null
            ? Identity.parse(arn)
            : Identity.of(arn, sessionName);
    List<PolicyDocument> policies = policies(entry.get("policies"));
    if (identity.kind() == Identity.Kind.ROOT && !policies.isEmpty()) {
      throw new IllegalArgumentException(
          "gives policies to an account root, which IAM policies neither attach to nor restrict:"
              + " remove them");
    }
    return new Principal(identity, accessKeyId, secret, policies);
  }

  private static List<PolicyDocument> policies(JsonNode policies) {
    if (policies == null) {
      return List.of();
    }
    if (!policies.isArray()) {
      throw new IllegalArgumentException(
          "has \"policies\" that is not an array of IAM policy documents (JSON objects)");
    }
    List<PolicyDocument> parsed = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      JsonNode policy = policies.get(i);
      if (!policy.isObject()) {
        throw new IllegalArgumentException(
            "has policies[" + i + "] that is not an IAM policy document (a JSON object)");
      }
      try {
        parsed.add(PolicyDocument.parseIdentityPolicy(policy.toString()));
      } catch (KmsException e) {
        throw new IllegalArgumentException(
            "has a malformed policies[" + i + "]: " + e.type().wireName() + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  private static String requiredText(JsonNode entry, String field) {
    String text = optionalText(entry, field);
    if (text == null) {
      throw new IllegalArgumentException("has no \"" + field + "\"");
    }
    return text;
  }

  private static String optionalText(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("has a non-string value for \"" + field + "\"");
    }
    if (value.asText().isEmpty()) {
      throw new IllegalArgumentException("has an empty value for \"" + field + "\"");
    }
    return value.asText();
  }
}
