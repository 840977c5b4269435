package dev.serverlesskms.functions.scale;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Key stores beyond the embedded one that the due-index scale test runs against. */
final class ScaleStores {
  private ScaleStores() {}

  static Stream<Arguments> additional() {
    return Stream.empty();
  }
}
