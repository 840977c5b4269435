package dev.serverlesskms.core.api;

/** The response of operations that return no members ({@code {}} on the wire). */
public record EmptyResponse() implements KmsResponse {
  public static final EmptyResponse INSTANCE = new EmptyResponse();
}
