package dev.serverlesskms.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.model.KeySpec;
import dev.serverlesskms.core.model.KeyUsage;
import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.model.Origin;
import dev.serverlesskms.core.policy.ConditionContext;
import dev.serverlesskms.core.policy.Decision;
import dev.serverlesskms.core.policy.PolicyDocument;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.core.request.RequestContext;
import dev.serverlesskms.testkit.KeyFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole evaluation, as a table: a key policy, a caller with its identity policies, a request,
 * grants, and whether AWS's rules allow it, or which refusal follows. The rows are in {@code
 * authz/authorizer-cases.txt}, one line each:
 *
 * <pre>what it shows | key policy | caller | identity policies | request | expected</pre>
 *
 * <ul>
 *   <li>key policy and identity policies name the documents of {@link AuthorizerPolicies} ({@code
 *       -}: none);
 *   <li>caller: one of {@link #CALLERS};
 *   <li>request: the operation ({@code Encrypt}; {@code account:CreateKey} for an operation without
 *       a key), then {@code ec:K=V} (encryption context pairs), {@code ip=}, {@code at=} (instant),
 *       {@code alias=} (kms:RequestAlias), {@code aliases=a,b} (the key's aliases), {@code via=}
 *       (kms:ViaService), {@code on=alias/x} (the question asked on an alias ARN), {@code
 *       spec=}/{@code usage=}/{@code origin=} (the key's), {@code grant=Op} or {@code
 *       grant=Op{K=V}} (a grant to the caller, with an encryption context subset constraint);
 *   <li>expected: {@code ALLOW}, or the refusal: {@code NO_KEY_POLICY} (no resource-based policy
 *       allows), {@code NO_IDENTITY} (no identity-based policy allows), {@code KEY_DENY} / {@code
 *       IDENTITY_DENY} (an explicit deny in the key policy / an identity policy).
 * </ul>
 */
class AuthorizerTableTest {
  static final String A = "111122223333";
  static final String B = "444455556666";
  static final Instant DEFAULT_TIME = Instant.parse("2026-07-01T12:00:00Z");
  static final String DEFAULT_IP = "198.51.100.7";

  static final Map<String, Caller> CALLERS =
      Map.of(
          "rootA",
          new Caller("Root", A, "arn:aws:iam::" + A + ":root", A, "AKIAROOTA"),
          "alice",
          new Caller("IAMUser", "AIDAALICE", "arn:aws:iam::" + A + ":user/alice", A, "AKA"),
          "bob",
          new Caller("IAMUser", "AIDABOB", "arn:aws:iam::" + A + ":user/dev/bob", A, "AKB"),
          "ops",
          new Caller(
              "AssumedRole",
              "AROAOPS:deploy",
              "arn:aws:sts::" + A + ":assumed-role/ops/deploy",
              A,
              "ASIAOPS"),
          "carol",
          new Caller("IAMUser", "AIDACAROL", "arn:aws:iam::" + B + ":user/carol", B, "AKC"),
          "rootB",
          new Caller("Root", B, "arn:aws:iam::" + B + ":root", B, "AKIAROOTB"),
          "auditor",
          new Caller(
              "AssumedRole",
              "AROAAUD:s1",
              "arn:aws:sts::" + B + ":assumed-role/auditor/s1",
              B,
              "ASIAAUD"),
          "kms",
          Caller.service(A));

  /** The operations a grant can allow (KMS API reference, CreateGrant "Operations"). */
  static final Set<String> GRANT_OPERATIONS =
      Set.of(
          "Decrypt",
          "Encrypt",
          "GenerateDataKey",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "ReEncryptFrom",
          "ReEncryptTo",
          "Sign",
          "Verify",
          "GenerateMac",
          "VerifyMac",
          "DescribeKey",
          "GetPublicKey",
          "CreateGrant",
          "RetireGrant",
          "DeriveSharedSecret");

  /** One row of the table. */
  record Case(
      String what,
      String keyPolicy,
      String caller,
      List<String> identityPolicies,
      String request,
      String expected,
      int line) {
    @Override
    public String toString() {
      return line + ": " + what;
    }
  }

  static Stream<Arguments> cases() throws IOException {
    return read().stream().map(Arguments::of);
  }

  static List<Case> read() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
            AuthorizerTableTest.class.getResourceAsStream("/authz/authorizer-cases.txt");
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\\|", -1);
        if (cells.length != 6) {
          throw new IllegalStateException("line " + number + " has " + cells.length + " cells");
        }
        String identities = cells[3].trim();
        cases.add(
            new Case(
                cells[0].trim(),
                cells[1].trim(),
                cells[2].trim(),
                identities.equals("-") ? List.of() : Arrays.asList(identities.split("\\s*,\\s*")),
                cells[4].trim(),
                cells[5].trim(),
                number));
      }
    }
    return cases;
  }

  @Test
  void theTableHasAtLeast200Cases() throws IOException {
    List<Case> cases = read();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(cases.stream().map(Case::expected).distinct())
        .containsExactlyInAnyOrder(
            "ALLOW", "NO_KEY_POLICY", "NO_IDENTITY", "KEY_DENY", "IDENTITY_DENY");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluates(Case row) {
    Request request = Request.parse(row.request());
    Caller caller = Objects.requireNonNull(CALLERS.get(row.caller()), row.caller());
    List<PolicyDocument> identities =
        row.identityPolicies().stream().map(AuthorizerPolicies::identity).toList();
    Authorizer authorizer =
        new Authorizer(
            KeyFixtures.LOCATION,
            c -> c == caller ? identities : List.of(),
            request.grants(caller),
            key -> request.aliases);
    RequestContext context = new RequestContext("req-1", caller, request.ip, "test");

    Runnable ask;
    String resource;
    String action = "kms:" + request.operation;
    if (request.accountOperation) {
      resource = "*";
      ask =
          () ->
              authorizer.requireAccountAllows(
                  context, request.at, action, "*", request.conditions().build());
    } else {
      KmsKey key = request.key(AuthorizerPolicies.keyText(row.keyPolicy()));
      // What a grant can allow is AWS's list of grant operations; the rest only policies allow.
      KeyAccess access =
          new KeyAccess(
              action,
              key,
              key.arn(),
              request.conditions().build(),
              GRANT_OPERATIONS.contains(request.operation) ? request.operation : null,
              request.encryptionContext,
              List.of(),
              null);
      if (request.on != null) {
        access = access.onResource(KeyFixtures.LOCATION.aliasArn(request.on));
      }
      resource = access.resourceArn();
      KeyAccess asked = access;
      ask = () -> authorizer.requireAllowed(context, request.at, asked);
    }

    if (row.expected().equals("ALLOW")) {
      assertThatCode(ask::run).doesNotThrowAnyException();
      return;
    }
    KmsException denied = catchThrowableOfType(KmsException.class, ask::run);
    assertThat(denied).as("refused").isNotNull();
    assertThat(denied.type()).isEqualTo(KmsErrorType.ACCESS_DENIED);
    String who = caller.arn() != null ? caller.arn() : caller.principalId();
    String why =
        switch (row.expected()) {
          case "NO_KEY_POLICY" ->
              " because no resource-based policy allows the " + action + " action";
          case "NO_IDENTITY" ->
              " because no identity-based policy allows the " + action + " action";
          case "KEY_DENY" -> " with an explicit deny in a resource-based policy";
          case "IDENTITY_DENY" -> " with an explicit deny in an identity-based policy";
          default -> throw new IllegalStateException("unknown expectation " + row.expected());
        };
    assertThat(denied.getMessage())
        .isEqualTo(
            "User: "
                + who
                + " is not authorized to perform: "
                + action
                + " on resource: "
                + resource
                + why);
  }

  /** The request column, read. */
  static final class Request {
    String operation;
    boolean accountOperation;
    final Map<String, String> encryptionContext = new LinkedHashMap<>();
    String ip = DEFAULT_IP;
    Instant at = DEFAULT_TIME;
    String requestAlias;
    List<String> aliases = List.of();
    String via;
    String on;
    KeySpec spec = KeySpec.SYMMETRIC_DEFAULT;
    KeyUsage usage = KeyUsage.ENCRYPT_DECRYPT;
    Origin origin = Origin.AWS_KMS;
    final List<String> grants = new ArrayList<>();
    final Map<String, List<String>> extra = new LinkedHashMap<>();

    static Request parse(String text) {
      Request request = new Request();
      String[] tokens = text.split("\\s+");
      request.operation = tokens[0];
      if (request.operation.startsWith("account:")) {
        request.accountOperation = true;
        request.operation = request.operation.substring("account:".length());
      }
      for (String token : Arrays.asList(tokens).subList(1, tokens.length)) {
        int eq = token.indexOf('=');
        String name = token.substring(0, eq);
        String value = token.substring(eq + 1);
        if (name.startsWith("ec:")) {
          request.encryptionContext.put(name.substring(3), value);
          continue;
        }
        if (name.startsWith("cond:")) {
          request.extra.put(name.substring(5), Arrays.asList(value.split(",")));
          continue;
        }
        switch (name) {
          case "ip" -> request.ip = value.equals("none") ? null : value;
          case "at" -> request.at = Instant.parse(value);
          case "alias" -> request.requestAlias = value;
          case "aliases" -> request.aliases = Arrays.asList(value.split(","));
          case "via" -> request.via = value;
          case "on" -> request.on = value;
          case "spec" -> request.spec = KeySpec.valueOf(value);
          case "usage" -> request.usage = KeyUsage.valueOf(value);
          case "origin" -> request.origin = Origin.valueOf(value);
          case "grant" -> request.grants.add(value);
          default -> throw new IllegalArgumentException("unknown request term " + token);
        }
      }
      return request;
    }

    ConditionContext.Builder conditions() {
      ConditionContext.Builder conditions =
          ConditionContext.builder().encryptionContext(encryptionContext);
      if (requestAlias != null) {
        conditions.put("kms:RequestAlias", requestAlias);
      }
      if (via != null) {
        conditions.put("kms:ViaService", via);
      }
      if (accountOperation) {
        conditions.put("kms:KeySpec", spec.toString());
      }
      extra.forEach(conditions::put);
      return conditions;
    }

    KmsKey key(String policy) {
      return KeyFixtures.enabledKey()
          .policy(policy)
          .keySpec(spec)
          .keyUsage(usage)
          .origin(origin)
          .build();
    }

    /** The grants of the row, all to its caller: {@code Op} or {@code Op{K=V,...}}. */
    GrantAuthority grants(Caller caller) {
      return (access, grantee, now) -> {
        String operation = access.grantOperation();
        Map<String, String> context = access.encryptionContext();
        for (String grant : grants) {
          int brace = grant.indexOf('{');
          String op = brace < 0 ? grant : grant.substring(0, brace);
          if (!op.equals(operation) || !Objects.equals(grantee.arn(), caller.arn())) {
            continue;
          }
          if (brace < 0) {
            return Decision.ALLOW;
          }
          boolean subset = true;
          for (String pair : grant.substring(brace + 1, grant.length() - 1).split(",")) {
            String[] kv = pair.split("=", 2);
            subset &= kv[1].equals(context.get(kv[0]));
          }
          if (subset) {
            return Decision.ALLOW;
          }
        }
        return Decision.NOT_ALLOWED;
      };
    }
  }
}
