package dev.serverlesskms.core.model;

import java.util.ArrayList;
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
    if (replicaRegions.contains(primaryRegion)) {
      throw new IllegalArgumentException("the primary region is not a replica region");
    }
  }

  /** A new primary in {@code region}, without replicas. */
  public static MultiRegion primaryIn(String region) {
    return new MultiRegion(MultiRegionKeyType.PRIMARY, region, List.of());
  }

  /** Whether a copy of the key is in {@code region}, the primary or a replica. */
  public boolean hasCopyIn(String region) {
    return primaryRegion.equals(region) || replicaRegions.contains(region);
  }

  /** The regions of every copy: the primary's first, then the replicas'. */
  public List<String> regions() {
    List<String> regions = new ArrayList<>();
    regions.add(primaryRegion);
    regions.addAll(replicaRegions);
    return List.copyOf(regions);
  }

  /** This configuration with one more replica, in {@code region}. */
  public MultiRegion withReplica(String region) {
    List<String> replicas = new ArrayList<>(replicaRegions);
    replicas.add(region);
    return new MultiRegion(type, primaryRegion, replicas);
  }

  /** This configuration without the replica in {@code region} (unchanged if there is none). */
  public MultiRegion withoutReplica(String region) {
    List<String> replicas = new ArrayList<>(replicaRegions);
    replicas.remove(region);
    return new MultiRegion(type, primaryRegion, replicas);
  }

  /**
   * The configuration once the primary moved to {@code newPrimaryRegion} (a replica region): the
   * old primary's region takes the new primary's place among the replicas.
   */
  public MultiRegion withPrimaryIn(String newPrimaryRegion) {
    List<String> replicas = new ArrayList<>(replicaRegions);
    replicas.set(replicas.indexOf(newPrimaryRegion), primaryRegion);
    return new MultiRegion(type, newPrimaryRegion, replicas);
  }

  /** The same configuration as seen by the copy in {@code region}. */
  public MultiRegion seenFrom(String region) {
    return new MultiRegion(
        primaryRegion.equals(region) ? MultiRegionKeyType.PRIMARY : MultiRegionKeyType.REPLICA,
        primaryRegion,
        replicaRegions);
  }
}
