package dev.serverlesskms.core.api;

import dev.serverlesskms.core.model.MultiRegionKeyType;
import java.util.List;

/**
 * AWS's {@code MultiRegionConfiguration} in KeyMetadata: whether this copy is the primary or a
 * replica, and every copy of the key.
 */
public record MultiRegionConfiguration(
    MultiRegionKeyType multiRegionKeyType,
    MultiRegionKey primaryKey,
    List<MultiRegionKey> replicaKeys) {}
