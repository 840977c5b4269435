package dev.serverlesskms.functions.json;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    KmsJson.configure(mapper);
    mapper.registerModule(new LambdaErrorModule());
  }
}
