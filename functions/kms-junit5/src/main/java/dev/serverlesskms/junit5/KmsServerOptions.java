package dev.serverlesskms.junit5;

import java.nio.file.Path;
import java.util.Optional;

/** What a server is started with. Files are already resolved to paths on disk. */
record KmsServerOptions(Optional<Path> seedFile, Optional<Path> principalsFile, String region) {
  KmsServerOptions {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
  }
}
