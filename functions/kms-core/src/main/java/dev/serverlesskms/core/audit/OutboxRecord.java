package dev.serverlesskms.core.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * The audit record of a change, as the key store commits it together with the change (the
 * transactional outbox): the change and its record are stored atomically, so no key or alias ever
 * changes without a record of it, and the {@link AuditRelay} hands the record to the audit sink
 * afterwards.
 *
 * <p>Stores keep two strings and interpret neither:
 *
 * <ul>
 *   <li>{@link #id()}: {@code <eventTime as 13-digit epoch milliseconds>#<eventID>}, unique (the
 *       eventID is a random UUID) and sorting by event time, so pending records are delivered
 *       roughly in the order they happened;
 *   <li>{@link #json()}: the record as {@link AuditEventJson} writes it, the very line the sink
 *       writes; read back with {@link AuditEventJson#fromJson}, it writes the same line again.
 * </ul>
 *
 * Both are part of the stored format (see {@code docs/audit-outbox.md}); change them only with a
 * reader for the old form.
 */
public final class OutboxRecord {
  private final String id;
  private final String json;

  /** The event this record was made from, while still in this process; else read from json. */
  private final AuditEvent event;

  private OutboxRecord(String id, String json, AuditEvent event) {
    this.id = Objects.requireNonNull(id, "id");
    this.json = Objects.requireNonNull(json, "json");
    this.event = event;
  }

  /** The record of {@code event}, ready to be committed with the change it describes. */
  public static OutboxRecord of(AuditEvent event) {
    return new OutboxRecord(idOf(event), AuditEventJson.toJson(event), event);
  }

  /** A record as a store kept it. */
  public static OutboxRecord stored(String id, String json) {
    return new OutboxRecord(id, json, null);
  }

  /** The outbox id of {@code event}: sorts by event time, unique by event id. */
  public static String idOf(AuditEvent event) {
    return String.format(Locale.ROOT, "%013d", event.eventTime().toEpochMilli())
        + "#"
        + event.eventId();
  }

  public String id() {
    return id;
  }

  public String json() {
    return json;
  }

  /**
   * The event to hand to the sink: the one it was made from, or the one its JSON describes (which
   * the sink writes as the same line).
   *
   * @throws IllegalArgumentException if a stored record's JSON is damaged
   */
  public AuditEvent event() {
    return event != null ? event : AuditEventJson.fromJson(json);
  }

  /** Records are equal when their stored form is: the in-process event is not compared. */
  @Override
  public boolean equals(Object other) {
    return other instanceof OutboxRecord that && id.equals(that.id) && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + json.hashCode();
  }

  /**
   * The id only: the JSON is an audit record, which belongs in the audit log, not in other logs.
   */
  @Override
  public String toString() {
    return "OutboxRecord[" + id + "]";
  }
}
