package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.model.KmsKey;
import dev.serverlesskms.core.request.RequestContext;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an operation knows about the request it serves: the request context, the time it is served
 * at, and, filled in as it goes, the keys it touched (for the audit record's resources).
 */
public final class OperationContext {
  private final RequestContext request;
  private final Instant now;
  private final Set<String> touchedKeyArns = new LinkedHashSet<>();

  public OperationContext(RequestContext request, Instant now) {
    this.request = request;
    this.now = now;
  }

  public RequestContext request() {
    return request;
  }

  /** The instant the request is served at: one clock reading per request. */
  public Instant now() {
    return now;
  }

  public void touched(KmsKey key) {
    touchedKeyArns.add(key.arn());
  }

  public void touched(String keyArn) {
    touchedKeyArns.add(keyArn);
  }

  public List<String> touchedKeyArns() {
    return List.copyOf(touchedKeyArns);
  }
}
