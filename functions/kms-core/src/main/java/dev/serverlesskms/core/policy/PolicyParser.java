package dev.serverlesskms.core.policy;

import dev.serverlesskms.core.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy document's JSON against the IAM policy grammar and compiles its statements. Every
 * grammar error is a {@code MalformedPolicyDocumentException} ({@link MalformedPolicy}).
 */
final class PolicyParser {
  /** Which grammar: key policies name principals, identity policies must not. */
  enum Kind {
    KEY_POLICY,
    IDENTITY_POLICY
  }

  static final String VERSION_2012 = "2012-10-17";
  static final String VERSION_2008 = "2008-10-17";

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");

  private final Kind kind;
  private boolean variables;

  private PolicyParser(Kind kind) {
    this.kind = kind;
  }

  static PolicyDocument parse(String json, Kind kind) {
    if (json == null) {
      throw MalformedPolicy.syntax();
    }
    if (kind == Kind.KEY_POLICY
        && json.getBytes(StandardCharsets.UTF_8).length > MalformedPolicy.MAX_KEY_POLICY_BYTES) {
      throw MalformedPolicy.tooLarge();
    }
    Object document;
    try {
      document = JsonReader.read(json);
    } catch (IllegalArgumentException e) {
      throw MalformedPolicy.syntax();
    }
    return new PolicyParser(kind).document(document);
  }

  private PolicyDocument document(Object json) {
    Map<String, Object> top = object(json);
    for (String name : top.keySet()) {
      if (!TOP_LEVEL.contains(name)) {
        throw MalformedPolicy.unknownElement(name);
      }
    }
    Object version = top.getOrDefault("Version", VERSION_2008);
    if (!(version instanceof String v) || !(v.equals(VERSION_2012) || v.equals(VERSION_2008))) {
      throw MalformedPolicy.invalidVersion(String.valueOf(version));
    }
    // Policy variables exist from the 2012-10-17 grammar on; before it ${...} is plain text.
    variables = version.equals(VERSION_2012);
    if (top.containsKey("Id") && !(top.get("Id") instanceof String)) {
      throw MalformedPolicy.syntax();
    }
    Object body = top.get("Statement");
    if (body == null) {
      throw MalformedPolicy.missingStatement();
    }
    List<Object> raw = body instanceof List<?> list ? new ArrayList<>(list) : List.of(body);
    List<Statement> statements = new ArrayList<>();
    Set<String> sids = new HashSet<>();
    for (Object item : raw) {
      Map<String, Object> statement = object(item);
      Object sid = statement.get("Sid");
      if (sid != null) {
        if (!(sid instanceof String s)) {
          throw MalformedPolicy.syntax();
        }
        if (!s.isEmpty() && !sids.add(s)) {
          throw MalformedPolicy.duplicateSid(s);
        }
      }
      statements.add(statement(statement));
    }
    return new PolicyDocument(statements);
  }

  private Statement statement(Map<String, Object> json) {
    for (String name : json.keySet()) {
      if (!STATEMENT.contains(name)) {
        throw MalformedPolicy.unknownElement(name);
      }
    }
    Object effect = json.get("Effect");
    if (effect == null) {
      throw MalformedPolicy.missingEffect();
    }
    if (!(effect instanceof String e) || !(e.equals("Allow") || e.equals("Deny"))) {
      throw MalformedPolicy.invalidEffect(String.valueOf(effect));
    }
    boolean deny = effect.equals("Deny");

    PrincipalMatcher principals = null;
    boolean notPrincipal = json.containsKey("NotPrincipal");
    if (kind == Kind.IDENTITY_POLICY) {
      if (json.containsKey("Principal") || notPrincipal) {
        throw MalformedPolicy.principalInIdentityPolicy();
      }
    } else {
      if (json.containsKey("Principal") && notPrincipal) {
        throw MalformedPolicy.conflicting("Principal", "NotPrincipal");
      }
      if (!json.containsKey("Principal") && !notPrincipal) {
        throw MalformedPolicy.noPrincipal();
      }
      principals = principals(json.get(notPrincipal ? "NotPrincipal" : "Principal"));
    }

    boolean notAction = json.containsKey("NotAction");
    if (json.containsKey("Action") && notAction) {
      throw MalformedPolicy.conflicting("Action", "NotAction");
    }
    List<String> actions = strings(json.get(notAction ? "NotAction" : "Action"));
    if (actions.isEmpty()) {
      throw MalformedPolicy.noActions();
    }
    for (String action : actions) {
      checkAction(action);
    }

    boolean notResource = json.containsKey("NotResource");
    if (json.containsKey("Resource") && notResource) {
      throw MalformedPolicy.conflicting("Resource", "NotResource");
    }
    List<String> resourceTexts = strings(json.get(notResource ? "NotResource" : "Resource"));
    if (resourceTexts.isEmpty()) {
      throw MalformedPolicy.noResources();
    }
    List<PolicyString> resources = new ArrayList<>();
    for (String resource : resourceTexts) {
      if (kind == Kind.IDENTITY_POLICY && !resource.equals("*") && !resource.startsWith("arn:")) {
        throw MalformedPolicy.resourceNotArn(resource);
      }
      resources.add(PolicyString.of(resource, variables));
    }

    ConditionBlock conditions =
        json.containsKey("Condition")
            ? ConditionParser.parse(json.get("Condition"), variables, kind == Kind.KEY_POLICY)
            : ConditionBlock.NONE;
    return new Statement(
        deny,
        principals,
        notPrincipal,
        new ActionMatcher(actions, notAction),
        new ResourceMatcher(resources, notResource),
        conditions);
  }

  private static PrincipalMatcher principals(Object json) {
    PrincipalMatcher matcher = new PrincipalMatcher();
    if ("*".equals(json)) {
      matcher.addEveryone();
      return matcher;
    }
    if (!(json instanceof Map<?, ?> map) || map.isEmpty()) {
      throw MalformedPolicy.invalidPrincipals();
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      List<String> values;
      try {
        values = strings(entry.getValue());
      } catch (RuntimeException e) {
        throw MalformedPolicy.invalidPrincipals();
      }
      if (values.isEmpty()) {
        throw MalformedPolicy.invalidPrincipals();
      }
      for (String value : values) {
        boolean valid =
            switch (String.valueOf(entry.getKey())) {
              case "AWS" -> matcher.addAws(value);
              case "Service" -> matcher.addService(value);
              // Web identity and SAML principals are valid in a key policy but never call here.
              case "Federated", "CanonicalUser" -> !value.isEmpty();
              default -> false;
            };
        if (!valid) {
          throw MalformedPolicy.invalidPrincipals();
        }
      }
    }
    return matcher;
  }

  private static void checkAction(String action) {
    if (action.equals("*")) {
      return;
    }
    int colon = action.indexOf(':');
    if (colon <= 0) {
      throw MalformedPolicy.actionWithoutVendor();
    }
    if (action.indexOf(':', colon + 1) >= 0) {
      throw MalformedPolicy.actionWithColons();
    }
  }

  /** A string or an array of strings (absent: empty). */
  static List<String> strings(Object json) {
    if (json == null) {
      return List.of();
    }
    if (json instanceof String s) {
      return List.of(s);
    }
    if (json instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw MalformedPolicy.syntax();
        }
        out.add(s);
      }
      return out;
    }
    throw MalformedPolicy.syntax();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object json) {
    if (!(json instanceof Map<?, ?>)) {
      throw MalformedPolicy.syntax();
    }
    return (Map<String, Object>) json;
  }
}
