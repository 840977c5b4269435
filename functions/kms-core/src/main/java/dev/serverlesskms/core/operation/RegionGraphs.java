package dev.serverlesskms.core.operation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The graphs of operations ({@link Kms}) of a KMS's other regions, each built on the first request
 * for its region and kept for the next. At most {@link #MAX_REGIONS} are kept, the least recently
 * used dropped first. The local server serves only AWS's regions and the default one, but a graph
 * is built for any well-formed name a transport passes, and a caller naming ever new ones must not
 * grow the server without bound. A dropped graph is simply rebuilt: its state lives in the store
 * and in what the KMS shares between regions (the audit relay); a graph holds caches at most (of
 * parsed key policies).
 */
final class RegionGraphs<G> {
  /** More than AWS has regions, so that a real deployment never drops one. */
  static final int MAX_REGIONS = 64;

  private final Function<String, G> build;

  /** In access order: the first entry is the least recently used. */
  private final Map<String, G> graphs = new LinkedHashMap<>(16, 0.75f, true);

  RegionGraphs(Function<String, G> build) {
    this.build = build;
  }

  /** The graph of {@code region}, a well-formed region name. */
  synchronized G of(String region) {
    G graph = graphs.get(region);
    if (graph == null) {
      graph = build.apply(region);
      graphs.put(region, graph);
      if (graphs.size() > MAX_REGIONS) {
        Iterator<String> leastRecentlyUsed = graphs.keySet().iterator();
        leastRecentlyUsed.next();
        leastRecentlyUsed.remove();
      }
    }
    return graph;
  }

  /** How many graphs are kept (for tests). */
  synchronized int size() {
    return graphs.size();
  }
}
