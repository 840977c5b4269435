package dev.serverlesskms.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties of the policy language over generated key policies and requests: taking an Allow
 * statement away never makes a document more permissive, and adding a Deny statement never does.
 * "More permissive" orders the decisions EXPLICIT_DENY < NOT_ALLOWED < ALLOW_VIA_ACCOUNT < ALLOW.
 *
 * <p>Statements are drawn from small sets of principals, actions, resources and conditions chosen
 * to overlap with the requests, so that most documents say something about most requests; the
 * counters checked after the properties make sure that they did.
 */
class PolicyPropertiesTest {
  static final String A = PolicyArbitraries.A;
  static final String KEY_ARN = PolicyArbitraries.KEY_ARN;
  static final String ALIAS_ARN = PolicyArbitraries.ALIAS_ARN;

  static final AtomicInteger ALLOW_REMOVALS_THAT_MATTERED = new AtomicInteger();
  static final AtomicInteger DENY_ADDITIONS_THAT_MATTERED = new AtomicInteger();

  static final Map<String, PolicyPrincipal> CALLERS =
      Map.of(
          "root",
          new PolicyPrincipal("arn:aws:iam::" + A + ":root", A, null, null),
          "alice",
          new PolicyPrincipal("arn:aws:iam::" + A + ":user/alice", A, null, null),
          "ops",
          new PolicyPrincipal(
              "arn:aws:sts::" + A + ":assumed-role/ops/s",
              A,
              "arn:aws:iam::" + A + ":role/ops",
              null),
          "bob",
          new PolicyPrincipal("arn:aws:iam::444455556666:user/bob", "444455556666", null, null),
          "kms",
          new PolicyPrincipal(null, A, null, "kms.amazonaws.com"));

  /** A generated request: who, what, on what, with which context. */
  record Question(String caller, String action, String resource, String department, String ip) {
    AccessRequest request() {
      PolicyPrincipal principal = CALLERS.get(caller);
      ConditionContext.Builder context =
          ConditionContext.builder()
              .put("aws:PrincipalAccount", principal.accountId())
              .put("aws:CurrentTime", "2026-07-01T12:00:00Z")
              .put("aws:SourceIp", ip);
      if (department != null) {
        context.encryptionContext(Map.of("Department", department));
      }
      return new AccessRequest(principal, action, resource, context.build());
    }
  }

  @Provide
  Arbitrary<Question> questions() {
    return Combinators.combine(
            Arbitraries.of(CALLERS.keySet()),
            Arbitraries.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:PutKeyPolicy"),
            Arbitraries.of(KEY_ARN, ALIAS_ARN),
            Arbitraries.of("IT", "HR").injectNull(0.3),
            Arbitraries.of("10.1.2.3", "198.51.100.7", "2001:db8::1"))
        .as(Question::new);
  }

  @Provide
  Arbitrary<String> statements() {
    return PolicyArbitraries.keyPolicyStatements();
  }

  @Provide
  Arbitrary<List<String>> policies() {
    return statements().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> denies() {
    return statements().filter(s -> s.startsWith("{\"Effect\":\"Deny\""));
  }

  static Decision evaluate(List<String> statements, Question question) {
    String json =
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    return PolicyDocument.parseKeyPolicy(json).evaluate(question.request());
  }

  /** How much a decision grants: a deny grants least. */
  static int permissiveness(Decision decision) {
    return switch (decision) {
      case EXPLICIT_DENY -> 0;
      case NOT_ALLOWED -> 1;
      case ALLOW_VIA_ACCOUNT -> 2;
      case ALLOW -> 3;
    };
  }

  @Property(tries = 1500)
  void removingAnAllowStatementNeverGrantsMore(
      @ForAll("policies") List<String> statements, @ForAll("questions") Question question) {
    Decision before = evaluate(statements, question);
    for (int i = 0; i < statements.size(); i++) {
      if (!statements.get(i).startsWith("{\"Effect\":\"Allow\"")) {
        continue;
      }
      List<String> fewer = new ArrayList<>(statements);
      fewer.remove(i);
      Decision after = evaluate(fewer, question);
      assertThat(permissiveness(after))
          .as("without statement %d: %s, then %s", i, before, after)
          .isLessThanOrEqualTo(permissiveness(before));
      if (after != before) {
        ALLOW_REMOVALS_THAT_MATTERED.incrementAndGet();
      }
    }
  }

  @Property(tries = 1500)
  void addingADenyStatementNeverGrantsMore(
      @ForAll("policies") List<String> statements,
      @ForAll("denies") String deny,
      @ForAll("questions") Question question) {
    Decision before = evaluate(statements, question);
    List<String> more = new ArrayList<>(statements);
    more.add(deny);
    Decision after = evaluate(more, question);
    assertThat(permissiveness(after)).isLessThanOrEqualTo(permissiveness(before));
    if (after != before) {
      DENY_ADDITIONS_THAT_MATTERED.incrementAndGet();
    }
  }

  /** The properties would hold trivially if no generated change ever changed a decision. */
  @AfterContainer
  static void theGeneratedChangesMattered() {
    assertThat(ALLOW_REMOVALS_THAT_MATTERED.get()).isGreaterThan(50);
    assertThat(DENY_ADDITIONS_THAT_MATTERED.get()).isGreaterThan(50);
  }
}
