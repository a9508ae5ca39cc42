package org.loomdns.secondary;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;
import org.xbill.DNS.Name;

/**
 * Writes one secondary zone's transferred versions to disk on its own virtual thread, so that
 * writing the copy of a large zone never holds up the next serial check: a NOTIFY that comes
 * while a million records are written is answered by a transfer at once. Versions that come
 * while one is written are written together after it (increments in one journal append, or the
 * last version whole). Each transfer's log line follows its write, so it also says the copy on
 * disk holds that version.
 */
final class CopyWriter {

  private final Name origin;
  private final ZoneStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Transferred> queue = new ArrayList<>();
  private boolean closed;
  private final Thread thread;

  CopyWriter(Name origin, ZoneStore store) {
    this.origin = origin;
    this.store = store;
    this.thread = Thread.ofVirtual().name("secondary copy " + origin).start(this::run);
  }

  void submit(Transferred t) {
    lock.lock();
    try {
      queue.add(t);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Writes what is queued, waiting at most {@code wait}, then stops the thread. */
  void close(Duration wait) throws InterruptedException {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!thread.join(wait)) {
      Logger.warn("secondary zone {}: the copy on disk was still being written at shutdown; the next start "
          + "serves the one before it", origin);
      thread.interrupt();
      thread.join(Duration.ofSeconds(3));
    }
  }

  private void run() {
    while (true) {
      List<Transferred> batch;
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          changed.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = List.copyOf(queue);
        queue.clear();
      } finally {
        lock.unlock();
      }
      try {
        store.save(batch);
      } catch (IOException | RuntimeException e) {
        Logger.error("secondary zone {}: cannot write {} (serving it anyway): {}", origin,
            store.fileFor(origin), e.toString());
      }
      batch.forEach(t -> Logger.info("transferred {}", t.describe()));
    }
  }
}
