package org.loomdns.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.loomdns.log.LogThrottle;

/**
 * Says so when a UDP listener stops reading while datagrams wait for it: every interval, a
 * listener whose reader has taken nothing since the last look while the kernel holds datagrams
 * for its socket is logged as stalled. A platform thread of its own, so that it still runs when
 * every virtual thread's carrier is held.
 */
final class ListenerWatch implements AutoCloseable {

  private final List<UdpListener> listeners;
  private final Duration interval;
  private final LongAdder stalls = new LongAdder();
  private final LogThrottle log = new LogThrottle();
  private final Thread thread;

  ListenerWatch(List<UdpListener> listeners, Duration interval) {
    this.listeners = List.copyOf(listeners);
    this.interval = interval;
    this.thread = Thread.ofPlatform().daemon().name("udp listener watch").unstarted(this::watch);
  }

  ListenerWatch start() {
    thread.start();
    return this;
  }

  private void watch() {
    Map<UdpListener, Long> seen = new HashMap<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      for (UdpListener l : listeners) {
        long reads = l.reads();
        Long before = seen.put(l, reads);
        if (before != null && before == reads) {
          long queued = KernelQueue.queued(l.localAddress());
          if (queued > 0) {
            stalls.increment();
            log.error(null, "udp {}: the reader has taken no datagram for {} ms while {} bytes wait in the socket",
                DnsServer.describe(l.localAddress()), interval.toMillis(), queued);
          }
        }
      }
    }
  }

  /** How many times a listener was found stalled. */
  long stalls() {
    return stalls.sum();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
