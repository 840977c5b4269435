package dev.serverlesskms.functions.funq;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.amazon.lambda.runtime.FunctionError;
import java.io.IOException;

/**
 * Writes Quarkus' Lambda error report ({@link FunctionError}, posted to the Lambda Runtime API when
 * an invocation fails) as a {@link LambdaError}: the AWS error type instead of Funqy's
 * ApplicationException. Quarkus' Lambda runtime serializes that report with a copy of the
 * application's ObjectMapper, which is how this module reaches it.
 */
public final class LambdaErrorModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public LambdaErrorModule() {
    super("lambda-error");
    addSerializer(FunctionError.class, new FunctionErrorSerializer());
  }

  static final class FunctionErrorSerializer extends StdSerializer<FunctionError> {
    private static final long serialVersionUID = 1L;

    FunctionErrorSerializer() {
      super(FunctionError.class);
    }

    @Override
    public void serialize(FunctionError error, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      LambdaError reported = LambdaError.of(error.getErrorType(), error.getErrorMessage());
      gen.writeStartObject();
      gen.writeStringField("errorType", reported.errorType());
      gen.writeStringField("errorMessage", reported.errorMessage());
      gen.writeEndObject();
    }
  }
}
