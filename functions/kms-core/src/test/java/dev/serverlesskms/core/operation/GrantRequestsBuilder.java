package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.api.CreateGrantRequest;
import dev.serverlesskms.core.api.ListGrantsRequest;
import dev.serverlesskms.core.api.ListRetirableGrantsRequest;
import dev.serverlesskms.core.api.RetireGrantRequest;
import dev.serverlesskms.core.api.RevokeGrantRequest;
import dev.serverlesskms.core.model.GrantConstraints;
import dev.serverlesskms.core.request.Caller;
import dev.serverlesskms.testkit.TestKms;
import java.util.List;
import java.util.Map;

/** Grant requests as tests write them, and the callers of the grant tests. */
final class GrantRequestsBuilder {
  static final String ACCOUNT = "111122223333";
  static final String OTHER_ACCOUNT = "444455556666";

  static final Caller ALICE = TestKms.user(ACCOUNT, "alice");
  static final Caller CAROL = TestKms.user(ACCOUNT, "carol");
  static final Caller MALLORY = TestKms.user(ACCOUNT, "mallory");
  static final Caller BOB = TestKms.user(OTHER_ACCOUNT, "bob");
  static final Caller OTHER_ROOT =
      new Caller(
          "Root", OTHER_ACCOUNT, "arn:aws:iam::" + OTHER_ACCOUNT + ":root", OTHER_ACCOUNT, "AK");

  /** A session of role {@code app}: grants name the role, the caller is the session. */
  static final Caller WORKER =
      new Caller(
          "AssumedRole",
          "AROAEXAMPLE:worker-1",
          "arn:aws:sts::" + ACCOUNT + ":assumed-role/app/worker-1",
          ACCOUNT,
          "ASIAEXAMPLE");

  static final String APP_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/app";

  private GrantRequestsBuilder() {}

  static CreateGrant createGrant(String keyId, String grantee, String... operations) {
    return new CreateGrant(keyId).grantee(grantee).operations(operations);
  }

  static ListGrantsRequest listGrants(String keyId) {
    return new ListGrantsRequest(null, null, keyId, null, null, null);
  }

  static ListGrantsRequest listGrants(String keyId, Integer limit, String marker) {
    return new ListGrantsRequest(limit, marker, keyId, null, null, null);
  }

  static ListRetirableGrantsRequest listRetirable(String retiringPrincipal) {
    return new ListRetirableGrantsRequest(null, null, retiringPrincipal, null);
  }

  static RetireGrantRequest retireByToken(String token) {
    return new RetireGrantRequest(token, null, null, null);
  }

  static RetireGrantRequest retire(String keyId, String grantId) {
    return new RetireGrantRequest(null, keyId, grantId, null);
  }

  static RevokeGrantRequest revoke(String keyId, String grantId) {
    return new RevokeGrantRequest(keyId, grantId, null);
  }

  static final class CreateGrant {
    private final String keyId;
    private String grantee;
    private String granteeService;
    private String retiring;
    private String retiringService;
    private List<String> operations;
    private GrantConstraints constraints;
    private List<String> grantTokens;
    private String name;
    private Boolean dryRun;

    CreateGrant(String keyId) {
      this.keyId = keyId;
    }

    CreateGrant grantee(String value) {
      grantee = value;
      return this;
    }

    CreateGrant granteeService(String value) {
      granteeService = value;
      return this;
    }

    CreateGrant retiring(String value) {
      retiring = value;
      return this;
    }

    CreateGrant retiringService(String value) {
      retiringService = value;
      return this;
    }

    CreateGrant operations(String... values) {
      operations = values == null ? null : List.of(values);
      return this;
    }

    CreateGrant operationList(List<String> values) {
      operations = values;
      return this;
    }

    CreateGrant subset(Map<String, String> pairs) {
      constraints = new GrantConstraints(pairs, null, null);
      return this;
    }

    CreateGrant equalTo(Map<String, String> pairs) {
      constraints = new GrantConstraints(null, pairs, null);
      return this;
    }

    CreateGrant constraints(GrantConstraints value) {
      constraints = value;
      return this;
    }

    CreateGrant grantTokens(String... values) {
      grantTokens = List.of(values);
      return this;
    }

    CreateGrant name(String value) {
      name = value;
      return this;
    }

    CreateGrant dryRun() {
      dryRun = true;
      return this;
    }

    CreateGrantRequest build() {
      return new CreateGrantRequest(
          keyId,
          grantee,
          granteeService,
          retiring,
          retiringService,
          operations,
          constraints,
          grantTokens,
          name,
          dryRun);
    }
  }
}
