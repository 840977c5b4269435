package dev.serverlesskms.local;

import dev.serverlesskms.core.audit.AuditEvent;
import dev.serverlesskms.core.audit.AuditEventJson;
import dev.serverlesskms.core.audit.AuditSink;
import dev.serverlesskms.core.audit.AuditUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local {@link AuditSink}: appends each record to a file as one line of CloudTrail-shaped JSON
 * ({@link AuditEventJson}), UTF-8.
 *
 * <p>The file is opened for appending, and created readable by its owner only if absent. Each
 * record goes to the operating system as one write call of the whole line (repeated only if the
 * system takes part of it), under a lock, before {@link #record} returns: lines never interleave,
 * and a record that {@link #record} accepted survives a crash of this process. With {@code fsync}
 * it also survives a crash of the machine, at the cost of a disk flush per request. If a write
 * fails halfway, the next record starts on a new line, so one damaged line never swallows the
 * records after it.
 *
 * <p>Fail-closed: if the record cannot be serialized or written, {@link #record} throws {@link
 * AuditUnavailableException} and the request it describes fails.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
  private final Path file;
  private final boolean fsync;
  private final FileChannel channel;
  private final ReentrantLock lock = new ReentrantLock();

  /** Whether a failed write left a partial line at the end of the file. */
  private boolean lineOpen;

  /**
   * Opens {@code file} for appending, creating it (and missing parent directories) owner-only.
   *
   * @param fsync whether each record is flushed to the disk, not only handed to the operating
   *     system
   * @throws AuditUnavailableException if the file cannot be opened for writing
   */
  public JsonLinesAuditSink(Path file, boolean fsync) {
    this.file = file;
    this.fsync = fsync;
    try {
      this.channel = OwnerOnlyFiles.openForAppend(file);
    } catch (IOException e) {
      throw new AuditUnavailableException("cannot open the audit log " + file, e);
    }
  }

  /*
   * Why one write call per record, not a buffer flushed on a timer or when idle: DESIGN.md's audit
   * promise is fail-closed ("when the sink cannot take the record, the request fails"), and this
   * class promises that an accepted record survives a crash of this process. A buffered record is
   * neither: its write may fail after the response left (the request cannot fail any more), and a
   * crash loses it while the caller holds a ciphertext with no record. The write call is the
   * cheapest point at which both hold (the kernel's page cache takes the bytes; fsync is optional).
   */
  @Override
  public void record(AuditEvent event) {
    StringBuilder text = new StringBuilder(1024);
    text.append('\n');
    serialize(text, event);
    text.append('\n');
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      // the leading line break only after a failed write left a partial line
      ByteBuffer line =
          lineOpen ? ByteBuffer.wrap(bytes) : ByteBuffer.wrap(bytes, 1, bytes.length - 1);
      int startedAt = line.position();
      try {
        while (line.hasRemaining()) {
          channel.write(line);
        }
      } finally {
        lineOpen = line.hasRemaining() && (lineOpen || line.position() > startedAt);
      }
      if (fsync) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new AuditUnavailableException("cannot append to the audit log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  private static void serialize(StringBuilder out, AuditEvent event) {
    try {
      AuditEventJson.appendJson(out, event);
    } catch (RuntimeException e) {
      throw new AuditUnavailableException(
          "cannot serialize the audit record of " + event.eventName(), e);
    }
  }

  /** Closes the file; records after this fail with {@link AuditUnavailableException}. */
  @Override
  public void close() {
    lock.lock();
    try {
      channel.close();
    } catch (IOException e) {
      throw new AuditUnavailableException("cannot close the audit log " + file, e);
    } finally {
      lock.unlock();
    }
  }
}
