package dev.serverlesskms.core.audit;

import dev.serverlesskms.core.json.JsonReader;
import dev.serverlesskms.core.json.JsonStrings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AuditEvent} as one line of CloudTrail-shaped JSON: the record format of every
 * audit sink (the local JSON-lines file, the Kinesis stream), so that all of them emit identical
 * records and tools written for CloudTrail KMS events read them unchanged.
 *
 * <p>It is a few dozen lines of JDK code rather than a JSON library because kms-core depends on the
 * JDK only, and the shape is fixed and small.
 *
 * <ul>
 *   <li>Field names and order follow CloudTrail, including its spellings {@code sourceIPAddress},
 *       {@code requestID}, {@code eventID} and the resource's {@code ARN}. CloudTrail's constants
 *       {@code managementEvent: true} and {@code eventCategory: "Management"} are added.
 *   <li>Event fields that are {@code null} are left out, and so is an empty {@code resources} list
 *       (as in CloudTrail's records of listing calls).
 *   <li>{@code eventTime} is ISO-8601 UTC to the second ({@code 2026-11-23T05:45:03Z}), as
 *       CloudTrail writes it.
 *   <li>{@code requestParameters} and {@code responseElements} are written as given, recursively:
 *       values may be {@code String}, {@code Number}, {@code Boolean}, {@code null}, {@link
 *       Instant} (ISO-8601 string), an enum (its {@code toString()}, which the model's enums define
 *       as the wire name), a {@code List} or other {@code Collection}, or a {@code Map} with string
 *       keys. Anything else, or a non-finite number, is a programming error and fails with {@link
 *       IllegalArgumentException}: an audit record is never written with a value silently changed.
 *   <li>{@code requestParameters} and {@code responseElements} take at most {@value
 *       #MAX_FIELD_BYTES} bytes each (UTF-8 JSON). A legal request stays far below (the largest, a
 *       CreateKey with an 8,192-character description and 50 tags of the longest keys and values,
 *       every character escaped, is about 170 KB), but a refused request is recorded with what it
 *       sent, which may be as large as the transport allows. Past the limit, the field's largest
 *       members are replaced, largest first, by {@code {"omitted":true,"bytes":<their size>}} until
 *       it fits (CloudTrail likewise marks a field cut for size with {@code omitted}), so the
 *       record stays far under a Kinesis record's 1 MiB and still says what the request was.
 *   <li>The output never contains a raw line break: every control character is escaped as {@code
 *       \}{@code u00XX}, and so are the Unicode line breaks U+0085, U+2028 and U+2029 (some readers
 *       split lines on them) and an unpaired surrogate, so the line is one line and valid UTF-8.
 * </ul>
 *
 * <p>{@link #fromJson} reads such a line back (the store's outbox keeps records as these lines).
 * What it returns writes the same line again: {@code toJson(fromJson(line)).equals(line)} for every
 * line {@code toJson} wrote, so a record delivered from the outbox is byte for byte the record that
 * was committed. The values come back as JSON types, not as they were given: instants and enums as
 * strings, integers as {@code Long}, {@code eventTime} at whole seconds.
 */
public final class AuditEventJson {
  /**
   * The most UTF-8 bytes {@code requestParameters} or {@code responseElements} take in a record.
   */
  public static final int MAX_FIELD_BYTES = 256 * 1024;

  private AuditEventJson() {}

  /** The event as one line of JSON, without a line terminator. */
  public static String toJson(AuditEvent event) {
    StringBuilder out = new StringBuilder(1024);
    appendJson(out, event);
    return out.toString();
  }

  /**
   * Appends the event as one line of JSON, without a line terminator, to {@code out}: the fields
   * are written straight into the line in one pass (no intermediate map), as this runs once per
   * request. The field order is {@link #toJson}'s; {@code fromJson} reads either.
   */
  public static void appendJson(StringBuilder out, AuditEvent event) {
    int start = out.length();
    try {
      out.append('{');
      Fields fields = new Fields(out);
      fields.string("eventVersion", event.eventVersion());
      AuditEvent.UserIdentity identity = event.userIdentity();
      if (identity != null) {
        fields.name("userIdentity");
        Fields inner = new Fields(out.append('{'));
        inner.string("type", identity.type());
        inner.string("principalId", identity.principalId());
        inner.string("arn", identity.arn());
        inner.string("accountId", identity.accountId());
        inner.string("accessKeyId", identity.accessKeyId());
        inner.string("invokedBy", identity.invokedBy());
        out.append('}');
      }
      fields.name("eventTime");
      EventTimes.appendQuotedSecond(out, event.eventTime());
      fields.string("eventSource", event.eventSource());
      fields.string("eventName", event.eventName());
      fields.string("awsRegion", event.awsRegion());
      fields.string("sourceIPAddress", event.sourceIpAddress());
      fields.string("userAgent", event.userAgent());
      fields.string("errorCode", event.errorCode());
      fields.string("errorMessage", event.errorMessage());
      fields.cappedMap("requestParameters", event.requestParameters());
      fields.cappedMap("responseElements", event.responseElements());
      if (event.additionalEventData() != null) {
        fields.name("additionalEventData");
        writeValue(out, event.additionalEventData());
      }
      fields.string("requestID", event.requestId());
      fields.string("eventID", event.eventId());
      fields.name("readOnly");
      out.append(event.readOnly());
      if (!event.resources().isEmpty()) {
        fields.name("resources");
        out.append('[');
        boolean first = true;
        for (AuditEvent.Resource resource : event.resources()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          Fields inner = new Fields(out.append('{'));
          inner.string("accountId", resource.accountId());
          inner.string("type", resource.type());
          inner.string("ARN", resource.arn());
          out.append('}');
        }
        out.append(']');
      }
      fields.string("eventType", event.eventType());
      fields.name("managementEvent");
      out.append(true);
      fields.string("recipientAccountId", event.recipientAccountId());
      fields.name("eventCategory");
      out.append("\"Management\"");
      out.append('}');
    } catch (RuntimeException e) {
      out.setLength(start);
      throw e;
    }
  }

  /** Writes the members of one JSON object, a comma before all but the first. */
  private static final class Fields {
    private final StringBuilder out;
    private boolean first = true;

    Fields(StringBuilder out) {
      this.out = out;
    }

    void name(String name) {
      if (!first) {
        out.append(',');
      }
      first = false;
      // the names here are constants of plain ASCII letters: nothing to escape
      out.append('"').append(name).append("\":");
    }

    void string(String name, String value) {
      if (value != null) {
        name(name);
        JsonStrings.appendQuoted(out, value);
      }
    }

    /**
     * Writes {@code value} in place, then measures what it wrote: only the rare field past {@link
     * #MAX_FIELD_BYTES} is written a second time, capped.
     */
    void cappedMap(String name, Map<String, Object> value) {
      if (value == null) {
        return;
      }
      name(name);
      int from = out.length();
      writeValue(out, value);
      if (utf8Bytes(out, from) > MAX_FIELD_BYTES) {
        out.setLength(from);
        writeValue(out, capped(value));
      }
    }
  }

  private static long utf8Bytes(CharSequence json, int from) {
    long bytes = 0;
    for (int i = from; i < json.length(); i++) {
      char c = json.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /**
   * {@code fields} within {@link #MAX_FIELD_BYTES}: unchanged if it fits, else with its largest
   * members replaced by a marker, largest first, until it fits (and as a whole if its names alone
   * do not).
   */
  private static Map<String, Object> capped(Map<String, Object> fields) {
    if (fields == null) {
      return null;
    }
    long total = utf8Bytes(json(fields));
    if (total <= MAX_FIELD_BYTES) {
      return fields;
    }
    Map<String, Long> sizes = new LinkedHashMap<>();
    fields.forEach((name, value) -> sizes.put(name, utf8Bytes(json(value))));
    List<String> largestFirst = new ArrayList<>(sizes.keySet());
    largestFirst.sort(Comparator.comparing(sizes::get).reversed());
    Map<String, Object> capped = new LinkedHashMap<>(fields);
    for (String name : largestFirst) {
      if (total <= MAX_FIELD_BYTES) {
        break;
      }
      Map<String, Object> marker = omitted(sizes.get(name));
      capped.put(name, marker);
      total += utf8Bytes(json(marker)) - sizes.get(name);
    }
    return total <= MAX_FIELD_BYTES ? capped : omitted(utf8Bytes(json(fields)));
  }

  private static Map<String, Object> omitted(long bytes) {
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("omitted", true);
    marker.put("bytes", bytes);
    return marker;
  }

  private static String json(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(out, value);
    return out.toString();
  }

  /**
   * The UTF-8 length of written JSON, in which every surrogate is half of a pair (unpaired ones are
   * escaped).
   */
  private static long utf8Bytes(String json) {
    return utf8Bytes(json, 0);
  }

  /**
   * The event a line of {@link #toJson} describes.
   *
   * @throws IllegalArgumentException if {@code line} is not such a line
   */
  public static AuditEvent fromJson(String line) {
    if (!(JsonReader.read(line) instanceof Map<?, ?> record)) {
      throw new IllegalArgumentException("an audit record is a JSON object");
    }
    Map<?, ?> identity = optional(record, "userIdentity", Map.class);
    List<?> resources = optional(record, "resources", List.class);
    return new AuditEvent(
        optional(record, "eventVersion", String.class),
        instant(required(record, "eventTime", String.class)),
        required(record, "eventName", String.class),
        optional(record, "eventSource", String.class),
        optional(record, "awsRegion", String.class),
        required(record, "eventID", String.class),
        optional(record, "requestID", String.class),
        identity == null
            ? null
            : new AuditEvent.UserIdentity(
                optional(identity, "type", String.class),
                optional(identity, "principalId", String.class),
                optional(identity, "arn", String.class),
                optional(identity, "accountId", String.class),
                optional(identity, "accessKeyId", String.class),
                optional(identity, "invokedBy", String.class)),
        optional(record, "sourceIPAddress", String.class),
        optional(record, "userAgent", String.class),
        stringKeyed(optional(record, "requestParameters", Map.class)),
        stringKeyed(optional(record, "responseElements", Map.class)),
        optional(record, "errorCode", String.class),
        optional(record, "errorMessage", String.class),
        resources == null
            ? List.of()
            : resources.stream()
                .map(
                    r -> {
                      if (!(r instanceof Map<?, ?> resource)) {
                        throw new IllegalArgumentException("a resource is a JSON object");
                      }
                      return new AuditEvent.Resource(
                          optional(resource, "accountId", String.class),
                          optional(resource, "type", String.class),
                          optional(resource, "ARN", String.class));
                    })
                .toList(),
        required(record, "readOnly", Boolean.class),
        optional(record, "eventType", String.class),
        optional(record, "recipientAccountId", String.class),
        stringKeyed(optional(record, "additionalEventData", Map.class)));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("eventTime is not an ISO-8601 instant", e);
    }
  }

  private static <T> T required(Map<?, ?> object, String name, Class<T> type) {
    T value = optional(object, name, type);
    if (value == null) {
      throw new IllegalArgumentException("audit record without " + name);
    }
    return value;
  }

  private static <T> T optional(Map<?, ?> object, String name, Class<T> type) {
    Object value = object.get(name);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(name + " is not a " + type.getSimpleName());
    }
    return type.cast(value);
  }

  @SuppressWarnings("unchecked") // JsonReader's objects are LinkedHashMap<String, Object>
  private static Map<String, Object> stringKeyed(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static void writeValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      JsonStrings.appendQuoted(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Number n) {
      writeNumber(out, n);
    } else if (value instanceof Instant t) {
      JsonStrings.appendQuoted(out, t.toString());
    } else if (value instanceof Enum<?> e) {
      JsonStrings.appendQuoted(out, e.toString());
    } else if (value instanceof Map<?, ?> map) {
      writeObject(out, map);
    } else if (value instanceof Collection<?> items) {
      writeArray(out, items);
    } else {
      throw new IllegalArgumentException(
          "audit values are strings, numbers, booleans, instants, enums, lists and maps; got "
              + value.getClass().getName());
    }
  }

  private static void writeNumber(StringBuilder out, Number n) {
    if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException("JSON has no representation for " + n);
    }
    out.append(n);
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new IllegalArgumentException("audit map keys are strings; got " + entry.getKey());
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      JsonStrings.appendQuoted(out, name);
      out.append(':');
      writeValue(out, entry.getValue());
    }
    out.append('}');
  }

  private static void writeArray(StringBuilder out, Collection<?> items) {
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeValue(out, item);
    }
    out.append(']');
  }
}
