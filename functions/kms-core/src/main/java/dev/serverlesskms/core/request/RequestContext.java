package dev.serverlesskms.core.request;

import dev.serverlesskms.core.model.KmsLocation;
import java.util.Objects;

/**
 * Who sent a request and how, as the transport saw it.
 *
 * @param requestId the id returned to the caller and written to the audit record
 * @param caller the authenticated caller
 * @param sourceIpAddress the caller's address, or a service name for scheduled actions
 * @param userAgent the caller's User-Agent, or {@code null}
 * @param region the AWS region the request is for (the region of its SigV4 scope locally, of the
 *     deployment on Lambda), or {@code null} for the KMS's default region ({@code kms.region}).
 *     Each region is its own key space.
 */
public record RequestContext(
    String requestId, Caller caller, String sourceIpAddress, String userAgent, String region) {
  public RequestContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(caller, "caller");
    // Transports refuse a request for a region that is not one with the AWS error of their own
    // (the local server: the SigV4 scope's); past them, a region is always well formed.
    if (region != null && !KmsLocation.isRegion(region)) {
      throw new IllegalArgumentException("not an AWS region name: " + region);
    }
  }

  /** A request for the KMS's default region. */
  public RequestContext(String requestId, Caller caller, String sourceIpAddress, String userAgent) {
    this(requestId, caller, sourceIpAddress, userAgent, null);
  }

  /** The region this request is for: its own, or {@code defaultRegion} when it names none. */
  public String regionOr(String defaultRegion) {
    return region == null ? defaultRegion : region;
  }
}
