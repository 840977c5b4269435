package dev.serverlesskms.junit5;

/**
 * Threads a stopped server leaves running. Quarkus' stop ends its own threads, but a few libraries
 * start static daemon threads that live as long as their class (smallrye-common's "Reference
 * Reaper"): each keeps the server's class loader, and all its classes, reachable. They are
 * interrupted here so that a stopped server's classes can be unloaded.
 */
final class ServerThreads {
  private ServerThreads() {}

  static void stopLeftovers(ClassLoader serverLoader) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread != Thread.currentThread() && belongsTo(thread, serverLoader)) {
        thread.interrupt();
      }
    }
  }

  private static boolean belongsTo(Thread thread, ClassLoader serverLoader) {
    if (thread.getContextClassLoader() == serverLoader) {
      return true;
    }
    return thread.getClass().getClassLoader() == serverLoader;
  }
}
