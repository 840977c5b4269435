package dev.serverlesskms.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.CountDownLatch;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code faulty:<path>}) over the real disk whose writes and fsyncs fail or wait
 * on cue: the I/O faults an MVStore meets when a disk fills up, goes away, or is slow. Its switches
 * are static (H2 registers file systems globally): {@link #reset()} after each test.
 */
public final class FaultyFilePath extends FilePathWrapper {
  static final String SCHEME = "faulty";

  private static volatile boolean failWrites;
  private static volatile boolean failSync;
  private static volatile CountDownLatch syncGate;
  private static volatile CountDownLatch syncReached;

  static {
    FilePath.register(new FaultyFilePath());
  }

  /** H2 makes instances of a file system by reflection. */
  public FaultyFilePath() {}

  /** The MVStore file name of {@code file} on this file system. */
  static String of(java.nio.file.Path file) {
    return SCHEME + ":" + file;
  }

  /** From now on every write fails with an IOException (the disk is full or gone). */
  static void failWrites(boolean fail) {
    failWrites = fail;
  }

  /** From now on every fsync fails with an IOException (the data may not be on the disk). */
  static void failSync(boolean fail) {
    failSync = fail;
  }

  /**
   * The next fsync waits until {@code gate} opens; {@code reached} counts down when it starts
   * waiting.
   */
  static void holdNextSync(CountDownLatch reached, CountDownLatch gate) {
    syncReached = reached;
    syncGate = gate;
  }

  static void reset() {
    failWrites = false;
    failSync = false;
    syncGate = null;
    syncReached = null;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(getBase().open(mode));
  }

  private static final class Channel extends FileBase {
    private final FileChannel base;

    Channel(FileChannel base) {
      this.base = base;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public synchronized int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      checkWrite();
      return base.write(src);
    }

    @Override
    public synchronized int write(ByteBuffer src, long position) throws IOException {
      checkWrite();
      return base.write(src, position);
    }

    private static void checkWrite() throws IOException {
      if (failWrites) {
        throw new IOException("injected: write failed (disk full)");
      }
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      checkWrite();
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      CountDownLatch gate = syncGate;
      if (gate != null) {
        syncGate = null;
        syncReached.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while held", e);
        }
      }
      if (failSync) {
        throw new IOException("injected: fsync failed");
      }
      base.force(metaData);
    }

    @Override
    public synchronized FileLock tryLock(long position, long size, boolean shared)
        throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
