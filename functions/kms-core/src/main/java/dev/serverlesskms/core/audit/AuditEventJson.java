package dev.serverlesskms.core.audit;

import dev.serverlesskms.core.json.JsonReader;
import dev.serverlesskms.core.json.JsonStrings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
    Map<String, Object> record = new LinkedHashMap<>();
    putPresent(record, "eventVersion", event.eventVersion());
    putPresent(record, "userIdentity", userIdentity(event.userIdentity()));
    putPresent(record, "eventTime", event.eventTime().truncatedTo(ChronoUnit.SECONDS).toString());
    putPresent(record, "eventSource", event.eventSource());
    putPresent(record, "eventName", event.eventName());
    putPresent(record, "awsRegion", event.awsRegion());
    putPresent(record, "sourceIPAddress", event.sourceIpAddress());
    putPresent(record, "userAgent", event.userAgent());
    putPresent(record, "errorCode", event.errorCode());
    putPresent(record, "errorMessage", event.errorMessage());
    putPresent(record, "requestParameters", capped(event.requestParameters()));
    putPresent(record, "responseElements", capped(event.responseElements()));
    putPresent(record, "additionalEventData", event.additionalEventData());
    putPresent(record, "requestID", event.requestId());
    putPresent(record, "eventID", event.eventId());
    record.put("readOnly", event.readOnly());
    if (!event.resources().isEmpty()) {
      record.put("resources", event.resources().stream().map(AuditEventJson::resource).toList());
    }
    putPresent(record, "eventType", event.eventType());
    record.put("managementEvent", true);
    putPresent(record, "recipientAccountId", event.recipientAccountId());
    record.put("eventCategory", "Management");

    StringBuilder out = new StringBuilder(1024);
    writeValue(out, record);
    return out.toString();
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
    long bytes = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
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

  private static Map<String, Object> userIdentity(AuditEvent.UserIdentity identity) {
    if (identity == null) {
      return null;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    putPresent(fields, "type", identity.type());
    putPresent(fields, "principalId", identity.principalId());
    putPresent(fields, "arn", identity.arn());
    putPresent(fields, "accountId", identity.accountId());
    putPresent(fields, "accessKeyId", identity.accessKeyId());
    putPresent(fields, "invokedBy", identity.invokedBy());
    return fields;
  }

  private static Map<String, Object> resource(AuditEvent.Resource resource) {
    Map<String, Object> fields = new LinkedHashMap<>();
    putPresent(fields, "accountId", resource.accountId());
    putPresent(fields, "type", resource.type());
    putPresent(fields, "ARN", resource.arn());
    return fields;
  }

  private static void putPresent(Map<String, Object> fields, String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
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
