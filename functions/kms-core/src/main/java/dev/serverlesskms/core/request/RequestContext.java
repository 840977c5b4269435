package dev.serverlesskms.core.request;

import java.util.Objects;

/**
 * Who sent a request and how, as the transport saw it.
 *
 * @param requestId the id returned to the caller and written to the audit record
 * @param caller the authenticated caller
 * @param sourceIpAddress the caller's address, or a service name for scheduled actions
 * @param userAgent the caller's User-Agent, or {@code null}
 */
public record RequestContext(
    String requestId, Caller caller, String sourceIpAddress, String userAgent) {
  public RequestContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(caller, "caller");
  }
}
