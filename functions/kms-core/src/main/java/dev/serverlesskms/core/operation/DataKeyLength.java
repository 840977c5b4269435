package dev.serverlesskms.core.operation;

import dev.serverlesskms.core.error.Validation;
import dev.serverlesskms.core.model.DataKeySpec;

/** The GenerateDataKey* rule: exactly one of KeySpec or NumberOfBytes (1..1024). */
final class DataKeyLength {
  static final int MAX_BYTES = 1024;

  private DataKeyLength() {}

  static int of(DataKeySpec keySpec, Integer numberOfBytes) {
    if (keySpec == null && numberOfBytes == null) {
      throw Validation.plain("Please specify either number of bytes or key spec.");
    }
    if (keySpec != null && numberOfBytes != null) {
      throw Validation.plain("Please specify either number of bytes or key spec, not both.");
    }
    if (keySpec != null) {
      return keySpec.lengthBytes();
    }
    return Validation.range(numberOfBytes, 1, MAX_BYTES, "numberOfBytes");
  }
}
