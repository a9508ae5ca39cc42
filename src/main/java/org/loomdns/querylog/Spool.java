package org.loomdns.querylog;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;

/**
 * A bounded queue of {@link Logged} queries drained by one writer thread. The query's thread only
 * ever offers: when the queue holds {@code maxEntries} queries or {@code maxBytes} of them the
 * query is dropped and counted, so a slow disk or a stalled reader costs log lines, never
 * answers. The writer is opened on the writer thread, so an output that blocks on open (a FIFO
 * nobody reads, a socket that does not accept) blocks only that thread; a write that fails closes
 * it, and the next query opens it again.
 */
final class Spool implements AutoCloseable {

  /** Where the queries go, called on the writer thread alone. */
  interface Writer {
    void open() throws IOException;

    void write(Logged query) throws IOException;

    /** The queue is empty for now: push out what is buffered. */
    void flush() throws IOException;

    void close();
  }

  static final int DEFAULT_ENTRIES = 65_536;
  static final long DEFAULT_BYTES = 32L << 20;
  private static final long IDLE_MILLIS = 200;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Writer writer;
  private final int maxEntries;
  private final long maxBytes;
  private final Drops drops;
  private final Drops.Kind kind;
  private final LinkedTransferQueue<Logged> queue = new LinkedTransferQueue<>();
  private final AtomicInteger entries = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final LogThrottle failures = new LogThrottle();
  private final Thread thread;
  private volatile boolean closing;
  private boolean open;

  Spool(String name, Writer writer, int maxEntries, long maxBytes, Drops drops, Drops.Kind kind) {
    this.name = name;
    this.writer = writer;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.drops = drops;
    this.kind = kind;
    this.thread = Thread.ofPlatform().daemon().name("loomdns-" + name).start(this::drain);
  }

  /** Queues {@code query} for the writer; false (and counted) when the queue is full. Never blocks. */
  boolean offer(Logged query) {
    long size = query.bytes();
    if (entries.incrementAndGet() > maxEntries) {
      entries.decrementAndGet();
      shed(query);
      return false;
    }
    if (bytes.addAndGet(size) > maxBytes) {
      bytes.addAndGet(-size);
      entries.decrementAndGet();
      shed(query);
      return false;
    }
    queue.offer(query);
    return true;
  }

  private void shed(Logged query) {
    drops.count(kind, "{}: a query from {} not written: the writer is behind ({} queued)", name,
        query.client(), entries.get());
  }

  private void drain() {
    for (;;) {
      Logged next;
      try {
        next = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (next == null) {
        if (closing) {
          break;
        }
        flush();
        continue;
      }
      entries.decrementAndGet();
      bytes.addAndGet(-next.bytes());
      write(next);
    }
    flush();
    writer.close();
  }

  private void write(Logged query) {
    try {
      if (!open) {
        writer.open();
        open = true;
      }
      writer.write(query);
    } catch (IOException | RuntimeException e) {
      drops.countQuietly(kind);
      failures.warn("{}: cannot write: {}; reopening at the next query", name, e.toString());
      writer.close();
      open = false;
    }
  }

  private void flush() {
    if (!open) {
      return;
    }
    try {
      writer.flush();
    } catch (IOException e) {
      failures.warn("{}: cannot write: {}; reopening at the next query", name, e.toString());
      writer.close();
      open = false;
    }
  }

  /** Writes what is queued (for at most a few seconds), then closes the writer. */
  @Override
  public void close() {
    closing = true;
    try {
      if (!thread.join(CLOSE_WAIT)) {
        thread.interrupt();
        thread.join(CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
