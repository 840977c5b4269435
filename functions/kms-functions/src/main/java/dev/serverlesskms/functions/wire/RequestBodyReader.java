package dev.serverlesskms.functions.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.serverlesskms.core.error.KmsErrorType;
import dev.serverlesskms.core.error.KmsException;
import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.functions.json.BodyBlobs;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads a request body into a kms-core request record, turning every way a body can be wrong into
 * the AWS error a client expects: SerializationException for JSON that is malformed or has a member
 * of the wrong type, ValidationException for an enum value outside its set.
 *
 * <p>Error messages name the member, never its value (a wrongly typed value may be plaintext),
 * except for enum values, which AWS echoes too.
 */
final class RequestBodyReader {
  /** One reader per request type, made on first use (its deserializer too, on its first read). */
  private final ClassValue<ObjectReader> readers;

  RequestBodyReader(ObjectMapper mapper) {
    this.readers =
        new ClassValue<>() {
          @Override
          protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
          }
        };
  }

  <T> T read(byte[] body, Class<T> type) {
    byte[] json = body == null || body.length == 0 ? new byte[] {'{', '}'} : body;
    try {
      if (!startsWithObject(json)) {
        throw serialization("The request body must be a JSON object.");
      }
      return BodyBlobs.readerOf(readers.get(type), json).readValue(json);
    } catch (InvalidFormatException e) {
      if (e.getTargetType() != null && e.getTargetType().isEnum()) {
        throw enumError(e);
      }
      throw serialization("The value of '" + memberPath(e) + "' is not valid for its type.");
    } catch (ValueInstantiationException e) {
      throw serialization("The value of '" + memberPath(e) + "' is not valid.");
    } catch (JsonMappingException e) {
      String path = memberPath(e);
      throw serialization(
          path.isEmpty()
              ? "The request body could not be read as this operation's input."
              : "The value of '" + path + "' has the wrong JSON type.");
    } catch (JsonProcessingException e) {
      throw serialization("The request body is not valid JSON.");
    } catch (JacksonException e) {
      throw serialization("The request body is not valid JSON.");
    } catch (IOException e) {
      throw serialization("The request body could not be read.");
    }
  }

  private static boolean startsWithObject(byte[] json) {
    for (byte b : json) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{';
    }
    return false;
  }

  private static KmsException enumError(InvalidFormatException e) {
    String allowed =
        Arrays.stream(e.getTargetType().getEnumConstants())
            .map(Object::toString)
            .collect(Collectors.joining(", "));
    return Validation.error(
        "Value '"
            + e.getValue()
            + "' at '"
            + camelCase(memberPath(e))
            + "' failed to satisfy constraint: Member must satisfy enum value set: ["
            + allowed
            + "]");
  }

  /** The JSON path of the failing member, e.g. {@code Tags[0].TagKey}. */
  private static String memberPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String camelCase(String pascal) {
    return pascal.isEmpty()
        ? pascal
        : Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
  }

  private static KmsException serialization(String message) {
    return KmsException.of(KmsErrorType.SERIALIZATION, message);
  }
}
