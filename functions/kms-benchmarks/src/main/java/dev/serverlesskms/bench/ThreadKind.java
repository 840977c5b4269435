package dev.serverlesskms.bench;

/**
 * What a server thread does, told by its Linux thread name ({@code comm}, at most 15 characters),
 * so that the CPU a run measures can be split: the request path, the JIT compiler still at work (a
 * cell measured while C2 compiles shows the warm-up, not the request), and the collector. Threads
 * of other servers (a Go binary's, say) are all {@link #OTHER}.
 */
enum ThreadKind {
  /** Vert.x's event loops, where the local server answers short requests. */
  EVENT_LOOP("event loop"),
  /** HotSpot's C1 and C2 compiler threads. */
  JIT("JIT compiler"),
  /** HotSpot's VM thread (where the serial collector runs) and collector threads. */
  GC_AND_VM("GC and VM"),
  /** Everything else, and the threads that ended during the measurement. */
  OTHER("other");

  final String label;

  ThreadKind(String label) {
    this.label = label;
  }

  static ThreadKind of(String threadName) {
    if (threadName.startsWith("vert.x-eventloo")) {
      return EVENT_LOOP;
    }
    if (threadName.contains("CompilerThre")) {
      return JIT;
    }
    if (threadName.equals("VM Thread")
        || threadName.startsWith("GC Thread")
        || threadName.startsWith("G1 ")) {
      return GC_AND_VM;
    }
    return OTHER;
  }
}
