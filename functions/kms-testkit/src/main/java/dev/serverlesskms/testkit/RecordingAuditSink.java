package dev.serverlesskms.testkit;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditSink} that keeps every record in memory, in order, and can be switched to refuse
 * records, to test that requests fail closed when their audit record cannot be written.
 */
public final class RecordingAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();
  private boolean refusing;

  @Override
  public synchronized void record(AuditEvent event) {
    if (refusing) {
      throw new AuditUnavailableException("the test switched the audit sink off", null);
    }
    events.add(event);
  }

  /** From now on every record is refused (true) or taken again (false). */
  public synchronized void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** The last record taken. */
  public synchronized AuditEvent last() {
    if (events.isEmpty()) {
      throw new IllegalStateException("no audit record yet");
    }
    return events.get(events.size() - 1);
  }

  public synchronized void clear() {
    events.clear();
  }
}
