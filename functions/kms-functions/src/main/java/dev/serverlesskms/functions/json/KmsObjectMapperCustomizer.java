package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.serverlesskms.functions.funq.LambdaErrorModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes Quarkus' shared ObjectMapper speak the KMS JSON dialect, so the Funqy functions read and
 * write exactly what the wire endpoint does, and report a failed invocation with its AWS error type
 * ({@link LambdaErrorModule}).
 */
@Singleton
public class KmsObjectMapperCustomizer implements ObjectMapperCustomizer {
  /** Last, so our timestamp format wins over the JavaTimeModule Quarkus registers. */
  @Override
  public int priority() {
    return MINIMUM_PRIORITY;
  }

  @Override
  public void customize(ObjectMapper mapper) {
    customize(mapper, isInLambda());
  }

  /**
   * Outside Lambda, (de)serializers are built on first use rather than when a reader or writer is
   * made. Funqy's Lambda binding makes a reader and a writer from this mapper (a copy of it) for
   * each of the KMS's functions at start-up, in the local server too, where none of them is ever
   * used: the local server reads and writes with {@link KmsJson}'s own mapper. Built eagerly they
   * cost about 90 ms of the local server's start-up (and the JIT work that comes with them). In
   * Lambda they stay eager: there the function's own reader and writer are used, and are built
   * before SnapStart's snapshot (or at image build time in a native image), not on a request.
   */
  static void customize(ObjectMapper mapper, boolean inLambda) {
    KmsJson.configure(mapper);
    mapper.registerModule(new LambdaErrorModule());
    if (!inLambda) {
      mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
      mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
  }

  /** Lambda's runtime sets the function's name in every execution environment. */
  private static boolean isInLambda() {
    String functionName = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    return functionName != null && !functionName.isEmpty();
  }
}
