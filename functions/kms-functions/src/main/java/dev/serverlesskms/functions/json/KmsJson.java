package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.serverlesskms.core.api.KeyMetadata;
import dev.serverlesskms.core.error.Validation;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON dialect of the AWS KMS API (AWS JSON 1.1), applied to the kms-core request and response
 * records:
 *
 * <ul>
 *   <li>member names in PascalCase ({@code keyId} is {@code KeyId}; the one irregular name, {@code
 *       AWSAccountId}, is mapped by a mix-in);
 *   <li>blobs as base64 strings (Jackson's default for {@code byte[]}; a value that is not base64
 *       fails without being quoted in the error);
 *   <li>timestamps as epoch seconds with a fraction ({@code 1700000000.123});
 *   <li>enums by their wire names ({@code toString()}: {@code Enabled}, {@code SYMMETRIC_DEFAULT});
 *   <li>absent members left out; unknown members ignored; no type coercion: a string where a number
 *       belongs is a SerializationException, as on AWS;
 *   <li>a string that is not a value of its type (an enum value outside its set) is reported with
 *       at most {@link Validation#MAX_ECHO_CHARS} of its characters ({@link Validation#echo}): the
 *       error answers echo enum values as AWS does, and must not grow with what a caller sends.
 * </ul>
 */
public final class KmsJson {
  private KmsJson() {}

  /**
   * Applies the dialect to a mapper (Quarkus' shared one, or a new one). Quarkus hands its mapper
   * over already built, so mapper features are set on it directly, with the setters Jackson has
   * deprecated in favour of its builder.
   */
  @SuppressWarnings("deprecation")
  public static void configure(ObjectMapper mapper) {
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    mapper.configure(SerializationFeature.WRITE_ENUMS_USING_TO_STRING, true);
    mapper.configure(DeserializationFeature.READ_ENUMS_USING_TO_STRING, true);
    mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .getFactory()
        .configure(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature(), false);
    mapper.addHandler(new CappedWeirdStrings());
    mapper.addMixIn(KeyMetadata.class, KeyMetadataMixIn.class);
    SimpleModule module = new SimpleModule("aws-json-1.1");
    module.addSerializer(Instant.class, new EpochSecondsSerializer());
    module.addSerializer(byte[].class, new Base64BlobSerializer());
    module.addDeserializer(byte[].class, new Base64BlobDeserializer());
    mapper.registerModule(module);
  }

  /** A new mapper with the dialect, for code that runs outside Quarkus' container. */
  public static ObjectMapper newMapper() {
    ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
    configure(mapper);
    return mapper;
  }

  /** The one member whose wire name is not the PascalCase of its component name. */
  abstract static class KeyMetadataMixIn {
    @JsonProperty("AWSAccountId")
    abstract String awsAccountId();
  }

  /**
   * Jackson's failure for a string that is not a value of its type (for an enum: not one of its
   * wire names), with the value cut to what an error message may repeat: the exception carries the
   * value, and the wire endpoint echoes it in the ValidationException, as AWS does.
   */
  static final class CappedWeirdStrings extends DeserializationProblemHandler {
    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg)
        throws IOException {
      String echoed = Validation.echo(valueToConvert);
      if (echoed != null && !echoed.equals(valueToConvert)) {
        throw ctxt.weirdStringException(echoed, targetType, failureMsg);
      }
      return NOT_HANDLED;
    }
  }

  /** Epoch seconds with millisecond fraction, as AWS writes timestamps in JSON 1.1. */
  static final class EpochSecondsSerializer extends StdSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    EpochSecondsSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3));
    }
  }
}
