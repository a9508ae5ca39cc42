package org.loomdns.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.loomdns.transferwire.TransferWire;
import org.loomdns.zone.Zone;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Makes the transfer bytes of each zone version some client may transfer before its first client
 * asks: every such zone as soon as it is loaded (the names put in transfer order, a second or so
 * for a million records, then encoded; a secondary zone's order is made as its copy on disk is
 * written), and each new version a reload, update or transfer in publishes, once it has been
 * served for {@link #QUIET_NANOS} without a newer one. One platform thread does it, started when
 * there is work: a second or two of CPU for a million records would hold one of the few carriers
 * the queries' virtual threads run on. After each preparation the next waits as long as it took,
 * so preparing takes at most about half a core. A zone no longer served lets its bytes go.
 */
final class TransferPreparer implements AutoCloseable {

  private record Key(ZoneView view, Name origin) {}

  /** A version to prepare once {@code due} (System.nanoTime) has come. */
  private record Waiting(Zone zone, long due) {}

  /**
   * How long a zone's new version must stay the one served before it is prepared: a stream of
   * updates makes a version a moment, and preparing each would keep a core busy for bytes that
   * no client asks for (its secondaries take the updates by IXFR).
   */
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final TransferWire wire;
  private final BiPredicate<ZoneView, Name> transferable;
  /** Versions waiting, in the order their zones first asked. */
  private final Map<Key, Waiting> pending = new LinkedHashMap<>();
  private Thread worker;
  /** Versions whose preparation began, for tests. */
  private long begun;
  private boolean closed;

  /** Prepares into {@code wire} the zones of a view that {@code transferable} says a client may transfer. */
  TransferPreparer(TransferWire wire, BiPredicate<ZoneView, Name> transferable) {
    this.wire = wire;
    this.transferable = transferable;
  }

  /** Where the bytes go, for the server to send them from. */
  TransferWire wire() {
    return wire;
  }

  /** Prepares each new version {@code view} publishes from now on. */
  void watch(ZoneView view) {
    view.served().onChange(c -> {
      if (c.current() == null) {
        wire.release(c.origin());
      } else {
        offer(view, c.current(), QUIET_NANOS);
      }
    });
  }

  /** Prepares every zone {@code view} serves now. */
  void prepareServed(ZoneView view) {
    view.served().current().zones().forEach(z -> offer(view, z, 0));
  }

  private void offer(ZoneView view, Zone zone, long quiet) {
    if (!transferable.test(view, zone.origin())) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      pending.put(new Key(view, zone.origin()), new Waiting(zone, System.nanoTime() + quiet));
      notifyAll();
      if (worker == null) {
        worker = Thread.ofPlatform().daemon().name("transfer wire").start(this::run);
      }
    }
  }

  private void run() {
    while (true) {
      Zone zone;
      synchronized (this) {
        zone = null;
        while (zone == null) {
          if (closed || pending.isEmpty()) {
            worker = null;
            return;
          }
          long now = System.nanoTime();
          long wait = Long.MAX_VALUE;
          for (Iterator<Waiting> next = pending.values().iterator(); next.hasNext() && zone == null; ) {
            Waiting w = next.next();
            if (w.due() - now <= 0) {
              zone = w.zone();
              next.remove();
            } else {
              wait = Math.min(wait, w.due() - now);
            }
          }
          if (zone == null && !quietly(wait)) {
            worker = null;
            return;
          }
        }
      }
      long start = System.nanoTime();
      try {
        List<Record> records = zone.transferRecords();
        synchronized (this) {
          begun++;
        }
        if (wire.prepare(records)) {
          Logger.info("transfer of zone {} serial {} prepared: {} records in {} ms", zone.origin(), zone.serial(),
              records.size(), (System.nanoTime() - start) / 1_000_000);
        }
      } catch (RuntimeException e) {
        Logger.warn("zone {}: its transfer could not be prepared ({}); its first client will encode it",
            zone.origin(), e.toString());
      }
      if (!pace(System.nanoTime() - start)) {
        return;
      }
    }
  }

  /** Waits {@code nanos} when more is waiting; false when closed meanwhile. */
  private boolean pace(long nanos) {
    synchronized (this) {
      if (pending.isEmpty() || closed) {
        return true;
      }
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      return true;
    } catch (InterruptedException e) {
      synchronized (this) {
        worker = null;
      }
      return false;
    }
  }

  /** Waits up to {@code nanos} for a version's quiet time or a new offer; false when interrupted. */
  private boolean quietly(long nanos) {
    try {
      wait(Math.max(1, nanos / 1_000_000));
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** How many versions' preparations have begun. */
  synchronized long begun() {
    return begun;
  }

  /** Whether nothing is being prepared or waiting to be. */
  synchronized boolean idle() {
    return worker == null;
  }

  /** Stops preparing; a preparation under way ends at its next message. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      pending.clear();
      running = worker;
    }
    if (running != null) {
      running.interrupt();
    }
  }
}
