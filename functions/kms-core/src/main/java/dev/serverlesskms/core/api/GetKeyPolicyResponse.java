package dev.serverlesskms.core.api;

/** The GetKeyPolicy response: the policy document and its name ({@code default}). */
public record GetKeyPolicyResponse(String policy, String policyName) implements KmsResponse {}
