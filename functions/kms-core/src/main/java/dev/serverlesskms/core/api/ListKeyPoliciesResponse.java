package dev.serverlesskms.core.api;

import java.util.List;

/** The ListKeyPolicies response: always {@code ["default"]}, the one policy a key has. */
public record ListKeyPoliciesResponse(
    List<String> policyNames, String nextMarker, Boolean truncated) implements KmsResponse {}
