package dev.serverlesskms.functions.local;

import dev.serverlesskms.functions.config.KmsConfig;
import dev.serverlesskms.functions.wire.WireDispatcher;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which requests the local server answers on the event loop that read them, without the hop to a
 * worker thread and back.
 *
 * <p>Why: the hop (a task queued to the worker pool, a thread woken, the result queued back to the
 * event loop, the context propagated both ways) cost about a fifth of the server's CPU per request
 * (Encrypt 4 KB at one caller: 187 µs with it, 149 µs without, kms-benchmarks' matrix). It is
 * skipped only where nothing in the request can wait on anything slow: the operations below
 * (microseconds of AES, HMAC or a key lookup) against the embedded store (an H2 MVStore file, its
 * pages cached in memory), the software enclave and the plain audit file, with no custom key store
 * cluster declared. A PKCS#11 token (the root key's or a custom key store's), DynamoDB, Kinesis or
 * an fsync per audit record can take milliseconds, and would stall every connection the event loop
 * serves, so with any of them every request goes to a worker, as does every other operation (key
 * generation, imports, asymmetric work, listing).
 */
final class InlineDispatchPolicy {
  private static final Set<String> SHORT_TARGETS =
      Stream.of(
              "Encrypt",
              "Decrypt",
              "GenerateDataKey",
              "GenerateDataKeyWithoutPlaintext",
              "ReEncrypt",
              "GenerateRandom",
              "GenerateMac",
              "VerifyMac",
              "DescribeKey")
          .map(operation -> WireDispatcher.TARGET_PREFIX + operation)
          .collect(Collectors.toUnmodifiableSet());

  private final boolean enabled;

  private InlineDispatchPolicy(boolean enabled) {
    this.enabled = enabled;
  }

  static InlineDispatchPolicy of(KmsConfig config) {
    return of(
        config.local().inlineShortRequests(),
        config.store().kind(),
        config.enclave().kind(),
        config.audit().kind(),
        config.audit().fsync(),
        config.customKeyStores().clusters().map(List::isEmpty).orElse(true));
  }

  static InlineDispatchPolicy of(
      boolean wanted,
      KmsConfig.StoreKind store,
      KmsConfig.EnclaveKind enclave,
      KmsConfig.AuditKind audit,
      boolean auditFsync,
      boolean noCustomKeyStoreClusters) {
    return new InlineDispatchPolicy(
        wanted
            && noCustomKeyStoreClusters
            && store == KmsConfig.StoreKind.EMBEDDED
            && enclave == KmsConfig.EnclaveKind.SOFTWARE
            && audit == KmsConfig.AuditKind.FILE
            && !auditFsync);
  }

  /** A policy that sends every request to a worker thread. */
  static InlineDispatchPolicy never() {
    return new InlineDispatchPolicy(false);
  }

  /**
   * @param target the request's X-Amz-Target header, or null
   */
  boolean inline(String target) {
    return enabled && target != null && SHORT_TARGETS.contains(target);
  }
}
