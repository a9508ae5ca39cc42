package org.loomdns.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exchanges with each peer (an upstream a forwarder asks), by the peer's name: how many, how many
 * failed, the time the answered ones took, and whether the peer is up. Peers come from the
 * operator's configuration, never from a client, so their number is bounded by it.
 */
public final class PeerCounts {

  /** One peer's counts at one moment; {@code answeredNanos} is the sum over answered exchanges. */
  public record Reading(long exchanges, long failures, long answeredNanos, boolean up) {}

  private static final class Counts {
    final LongAdder exchanges = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder answered = new LongAdder();
    volatile boolean up = true;
  }

  private final ConcurrentHashMap<String, Counts> peers = new ConcurrentHashMap<>();

  /** {@code peer} answered after {@code nanos}. */
  public void answered(String peer, long nanos) {
    Counts c = of(peer);
    c.exchanges.increment();
    c.answered.add(nanos);
  }

  /** {@code peer} did not answer (a timeout or a socket error). */
  public void failed(String peer) {
    Counts c = of(peer);
    c.exchanges.increment();
    c.failures.increment();
  }

  /** Whether {@code peer} is up now, as its health check decides. */
  public void up(String peer, boolean up) {
    of(peer).up = up;
  }

  /** {@code peer}'s counts now; all zero for a peer never seen. */
  public Reading get(String peer) {
    Counts c = peers.get(peer);
    return c == null ? new Reading(0, 0, 0, true)
        : new Reading(c.exchanges.sum(), c.failures.sum(), c.answered.sum(), c.up);
  }

  /** Every peer's counts now, by name. */
  public Map<String, Reading> snapshot() {
    Map<String, Reading> out = new TreeMap<>();
    peers.keySet().forEach(name -> out.put(name, get(name)));
    return out;
  }

  private Counts of(String peer) {
    Counts c = peers.get(peer);
    return c != null ? c : peers.computeIfAbsent(peer, p -> new Counts());
  }
}
