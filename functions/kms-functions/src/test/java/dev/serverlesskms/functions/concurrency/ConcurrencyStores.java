package dev.serverlesskms.functions.concurrency;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Key stores beyond the embedded one that the concurrency test runs against. */
final class ConcurrencyStores {
  private ConcurrencyStores() {}

  static Stream<Arguments> additional() {
    return Stream.empty();
  }
}
