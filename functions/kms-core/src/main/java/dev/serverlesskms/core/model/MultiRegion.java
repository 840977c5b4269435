package dev.serverlesskms.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The multi-Region configuration of one copy of a multi-Region key ({@code mrk-} key id; the same
 * key id and key material in every region). Every copy stores the whole configuration, kept equal
 * by the operations that change it (ReplicateKey, UpdatePrimaryRegion, a replica's deletion), so
 * DescribeKey answers {@code MultiRegionConfiguration} from the one record it read.
 *
 * @param type whether this copy is the primary or a replica
 * @param primaryRegion the region of the primary key
 * @param replicaRegions the regions of the replicas, in the order they were made
 */
public record MultiRegion(
    MultiRegionKeyType type, String primaryRegion, List<String> replicaRegions) {
  public MultiRegion {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(primaryRegion, "primaryRegion");
    replicaRegions = List.copyOf(replicaRegions == null ? List.of() : replicaRegions);
  }
}
