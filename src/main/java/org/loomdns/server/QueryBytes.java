package org.loomdns.server;

import java.util.concurrent.Semaphore;

/**
 * The bytes of the queries being answered at once, over UDP and TCP together, bounded: a query
 * takes its size before it is handed on and gives it back when it is answered. Counts of queries
 * alone would let messages of 64 KB (a TCP message may be that long, and so may a datagram) hold
 * 10,000 × 64 KB over UDP and connections × pipeline × 64 KB over TCP while a slow upstream
 * answers them.
 */
final class QueryBytes {

  /** The default bound: queries are rarely over 512 bytes, so this is some 65,000 ordinary ones. */
  static final int DEFAULT = 32 << 20;

  private final Semaphore bytes;

  QueryBytes(int bound) {
    this.bytes = new Semaphore(bound);
  }

  /** Takes {@code length} bytes if they are free now. */
  boolean tryTake(int length) {
    return bytes.tryAcquire(length);
  }

  /** Takes {@code length} bytes, waiting at most {@code millis} for them. */
  boolean take(int length, long millis) throws InterruptedException {
    return bytes.tryAcquire(length, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  void give(int length) {
    bytes.release(length);
  }

  /** The bytes free now. */
  int free() {
    return bytes.availablePermits();
  }
}
