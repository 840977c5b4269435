package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.serverlesskms.functions.config.LambdaEnvironment;
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
    customize(mapper, LambdaEnvironment.functionName().isPresent());
  }

  /**
   * Outside Lambda, (de)serializers are built on first use rather than when a reader or writer is
   * made. Funqy's Lambda binding makes a reader and a writer from this mapper (a copy of it) for
   * each of the KMS's functions at start-up, in the local server too, where none of them is ever
   * used. Built eagerly they cost about 90 ms of the local server's start-up (and the JIT work that
   * comes with them). The local server's wire dispatcher reads and writes with this mapper's own
   * {@code readValue} and {@code writeValueAsBytes}, which build and cache a (de)serializer on its
   * first use whatever these features say, so its requests are unaffected. In Lambda the readers
   * and writers stay eager: there the function's own are used, and are built before SnapStart's
   * snapshot (or at image build time in a native image), not on a request.
   */
  static void customize(ObjectMapper mapper, boolean inLambda) {
    KmsJson.configure(mapper);
    mapper.registerModule(new LambdaErrorModule());
    if (!inLambda) {
      mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
      mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
  }
}
