package dev.serverlesskms.local;

import dev.serverlesskms.core.model.MultiRegion;
import dev.serverlesskms.core.model.MultiRegionKeyType;
import java.util.List;

/**
 * The persisted form of a key's {@link MultiRegion} configuration (record format 1), kept beside
 * the key record rather than in it (as the key's custom key store is): the key record's format
 * stays the one earlier releases wrote, and a single-Region key is stored exactly as before.
 */
record MultiRegionRecord(
    int format, String type, String primaryRegion, List<String> replicaRegions) {

  static final int FORMAT = 1;

  static MultiRegionRecord of(MultiRegion multiRegion) {
    return new MultiRegionRecord(
        FORMAT,
        multiRegion.type().name(),
        multiRegion.primaryRegion(),
        multiRegion.replicaRegions());
  }

  MultiRegion toMultiRegion() {
    return new MultiRegion(MultiRegionKeyType.valueOf(type), primaryRegion, replicaRegions);
  }
}
