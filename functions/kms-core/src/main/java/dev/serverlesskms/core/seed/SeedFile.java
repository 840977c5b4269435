package dev.serverlesskms.core.seed;

import java.util.List;

/** A checked seed file: its keys in file order. */
public record SeedFile(List<SeedKey> keys) {
  public SeedFile {
    keys = List.copyOf(keys);
  }
}
