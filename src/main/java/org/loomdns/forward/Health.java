package org.loomdns.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.loomdns.net.Addresses;
import org.tinylog.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Which upstreams are up. An upstream that fails (no reply in time, or a socket error)
 * {@code downAfter} times in a row is marked down and left out of queries; one background virtual
 * thread then asks every down upstream for the root NS every {@code probeInterval}, and any reply
 * that matches brings it back. A reply of any rcode counts as up: the upstream is there.
 */
final class Health implements AutoCloseable {

  private static final Record PROBE = Record.newRecord(Name.root, Type.NS, DClass.IN);
  /** The one prober asks one upstream at a time. */
  private final Semaphore probeTcp = new Semaphore(1);

  /** Per upstream, shared by every query thread: counts race harmlessly, each is atomic. */
  private static final class State {
    final AtomicInteger failures = new AtomicInteger();
    volatile boolean down;
    /** When it last answered (nanoTime), null before its first answer. */
    volatile Long answeredAt;
  }

  private final ConcurrentHashMap<InetSocketAddress, State> states = new ConcurrentHashMap<>();
  private final Supplier<Upstreams> source;
  private final int downAfter;
  private final Duration probeInterval;
  private final Duration probeTimeout;
  /** At most one prober runs; it stops when nothing is down and is started again when needed. */
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Thread prober;

  private final QueryPorts ports;

  Health(Supplier<Upstreams> source, ForwardSettings settings, QueryPorts ports) {
    this.source = source;
    this.ports = ports;
    this.downAfter = settings.downAfter();
    this.probeInterval = settings.probeInterval();
    this.probeTimeout = settings.timeout();
  }

  boolean isDown(InetSocketAddress upstream) {
    State s = states.get(upstream);
    return s != null && s.down;
  }

  void succeeded(InetSocketAddress upstream) {
    State s = states.computeIfAbsent(upstream, u -> new State());
    s.answeredAt = System.nanoTime();
    s.failures.set(0);
    if (s.down) {
      s.down = false;
      Logger.info("upstream {} answers again", Addresses.text(upstream));
    }
  }

  /**
   * A question sent at {@code sentAt} got no reply. It does not count when the upstream answered
   * another question since: the upstream is up and that name is slow, and clients choose the names
   * they ask, so such timeouts must not take an upstream out for everyone.
   */
  void failed(InetSocketAddress upstream, long sentAt) {
    State s = states.computeIfAbsent(upstream, u -> new State());
    Long answered = s.answeredAt;
    if (answered != null && answered - sentAt > 0) {
      return;
    }
    if (s.failures.incrementAndGet() >= downAfter && !s.down) {
      s.down = true;
      Logger.warn("upstream {} failed {} times in a row: marked down, probing every {} ms", Addresses.text(upstream),
          downAfter, probeInterval.toMillis());
      startProber();
    }
  }

  private void startProber() {
    if (!closed && probing.compareAndSet(false, true)) {
      prober = Thread.ofVirtual().name("loomdns-upstream-probe").start(this::probeWhileDown);
    }
  }

  private void probeWhileDown() {
    try {
      while (!closed && anyDown()) {
        Thread.sleep(probeInterval);
        List<InetSocketAddress> current = source.get().servers();
        states.forEach((upstream, state) -> {
          if (!state.down) {
            return;
          }
          if (!current.contains(upstream)) {
            states.remove(upstream);
            return;
          }
          try {
            Exchange.ask(upstream, PROBE, false, false, System.nanoTime() + probeTimeout.toNanos(), ports,
                probeTcp);
            succeeded(upstream);
          } catch (IOException e) {
            Logger.debug("probe of {} failed: {}", Addresses.text(upstream), e.getMessage());
          }
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      probing.set(false);
    }
    // Something may have gone down between our last look and letting go of the flag.
    if (anyDown()) {
      startProber();
    }
  }

  private boolean anyDown() {
    return states.values().stream().anyMatch(s -> s.down);
  }

  @Override
  public void close() {
    closed = true;
    Thread t = prober;
    if (t != null) {
      t.interrupt();
    }
  }
}
