package org.loomdns.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;

/**
 * The open TCP connections of one listener and the cap on them. At the cap a new connection takes
 * the slot of the connection idle the longest (no query being answered, waiting for its next
 * message), as RFC 7766 section 6.2.3 lets a server do: whoever holds slots without asking
 * anything loses them to whoever asks. Connections that never asked go first: sockets reopened as
 * fast as they are evicted would otherwise soon reach a client's kept-open connection between two
 * of its queries. Only when every connection has a query in hand is the new one turned away.
 *
 * <p>The idle timeout is kept here too: one sweeper ends the reading of every connection whose
 * client sent no whole query within it. A timed read per query instead made the JDK's delay
 * scheduler arm and cancel a timer, and wake its own thread, for every query (docs/benchmark.md,
 * "TCP at partial load").
 */
final class TcpConnections {

  /**
   * The idle timeout when more than half the slots are taken, as NSD shortens its own:
   * a client that asks again soon keeps its connection, one that idles gives its slot up early.
   */
  private static final Duration PRESSURE_TIMEOUT = Duration.ofSeconds(1);
  /** Sweeps this many times per timeout, so a connection goes at most an eighth late. */
  private static final int SWEEPS_PER_TIMEOUT = 8;
  private static final long MAX_SWEEP_MILLIS = 250;

  /** Tries to find an idle connection before giving up: one found may start a query meanwhile. */
  private static final int EVICTION_TRIES = 3;
  /** Longer than any idle timeout, so a connection that never asked is evicted before one that did. */
  private static final long NEVER_ASKED = Duration.ofDays(1).toNanos();

  private final int cap;
  private final Semaphore slots;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final Drops drops;
  private final Object local;
  private final long idleNanos;
  private final long pressureNanos;
  private final long graceNanos;
  private volatile boolean closed;
  private Thread sweeper;

  TcpConnections(int cap, Duration idleTimeout, Duration grace, Drops drops, Object local) {
    this.cap = cap;
    this.slots = new Semaphore(cap);
    this.drops = drops;
    this.local = local;
    this.idleNanos = idleTimeout.toNanos();
    this.pressureNanos = Math.min(idleNanos, PRESSURE_TIMEOUT.toNanos());
    this.graceNanos = grace.toNanos();
  }

  /** One connection's claim on a slot and whether it is idle. */
  static final class Connection {
    final Socket socket;
    private int inFlight;
    private boolean asked;
    private long idleSince = System.nanoTime();
    private boolean evicted;
    private boolean done;
    /** When the last whole query came, or the connection was opened: the idle timeout counts from it. */
    private volatile long heard = System.nanoTime();
    /** Seen waiting under pressure: the shorter timeout stays its own until its next query. */
    private volatile boolean pressed;
    private volatile boolean timedOut;
    private volatile long timedOutAt;

    private Connection(Socket socket) {
      this.socket = socket;
    }

    /** A whole query came: only that earns the client more time, neither a byte now and then nor junk. */
    void heard() {
      heard = System.nanoTime();
      pressed = false;
    }

    /** Whether its reading was ended by the idle timeout. */
    boolean timedOut() {
      return timedOut;
    }

    /** A query is being answered; false once evicted, when the query must be let go. */
    synchronized boolean begin() {
      if (evicted || done) {
        return false;
      }
      inFlight++;
      asked = true;
      return true;
    }

    /** A query's answer is out (or failed). */
    synchronized void end() {
      if (--inFlight == 0) {
        idleSince = System.nanoTime();
      }
    }

    /**
     * Nanoseconds idle at {@code now}, or -1 when a query is in hand or the connection is going;
     * a connection that never asked ranks as if idle a day longer.
     */
    private synchronized long idleFor(long now) {
      if (inFlight > 0 || evicted || done) {
        return -1;
      }
      return now - idleSince + (asked ? 0 : NEVER_ASKED);
    }

    /** Marks it evicted if it is still idle: its slot then belongs to the caller. */
    private synchronized boolean evict() {
      if (inFlight > 0 || evicted || done) {
        return false;
      }
      evicted = true;
      return true;
    }

    /** Whether the slot is still this connection's to give back (not handed on by an eviction). */
    private synchronized boolean finish() {
      done = true;
      return !evicted;
    }
  }

  /**
   * A slot for {@code socket}, evicting the longest-idle connection at the cap; null when every
   * connection is busy, and the caller closes the socket.
   */
  Connection admit(Socket socket) {
    if (!slots.tryAcquire()) {
      Connection victim = evictLongestIdle();
      if (victim == null) {
        return null;
      }
      drops.count(Drops.Kind.TCP_EVICTED, "tcp {}: idle connection from {} closed to make room for {}",
          local, victim.socket.getRemoteSocketAddress(), socket.getRemoteSocketAddress());
      TcpListener.closeQuietly(victim.socket); // its slot is now the new connection's
    }
    Connection c = new Connection(socket);
    open.add(c);
    return c;
  }

  private Connection evictLongestIdle() {
    for (int attempt = 0; attempt < EVICTION_TRIES; attempt++) {
      long now = System.nanoTime();
      Connection longest = null;
      long longestFor = -1;
      for (Connection c : open) {
        long idleFor = c.idleFor(now);
        if (idleFor > longestFor) {
          longest = c;
          longestFor = idleFor;
        }
      }
      if (longest == null) {
        return null;
      }
      if (longest.evict()) {
        return longest;
      }
    }
    return null;
  }

  /** The connection is closed: its slot goes back, unless an eviction handed it on already. */
  void leave(Connection c) {
    open.remove(c);
    if (c.finish()) {
      slots.release();
    }
  }

  /** Starts the sweeper that times idle connections out. */
  void startSweeping() {
    long millis = Math.clamp(pressureNanos / SWEEPS_PER_TIMEOUT / 1_000_000, 1, MAX_SWEEP_MILLIS);
    sweeper = Thread.ofVirtual().name("tcp sweeper " + local).start(() -> {
      while (!closed) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          return;
        }
        try {
          sweep(System.nanoTime());
        } catch (RuntimeException e) {
          Logger.warn("tcp {}: idle sweep failed: {}", local, e.toString()); // the next sweep tries again
        }
      }
    });
  }

  /**
   * Ends the reading of each connection that has had no whole query for the timeout: its reader
   * sees the end of the stream, and answers in flight still go out before it closes. One still
   * open a grace later is closed: a reply write stuck behind a client that reads nothing ends so.
   */
  private void sweep(long now) {
    boolean pressure = underPressure();
    for (Connection c : open) {
      if (pressure) {
        c.pressed = true;
      }
      if (c.timedOut) {
        if (now - c.timedOutAt > graceNanos) {
          TcpListener.closeQuietly(c.socket);
        }
      } else if (now - c.heard > (c.pressed ? pressureNanos : idleNanos)) {
        c.timedOutAt = now;
        c.timedOut = true;
        try {
          c.socket.shutdownInput();
        } catch (IOException e) {
          TcpListener.closeQuietly(c.socket);
        }
      }
    }
  }

  /** Stops the sweeper. */
  void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.interrupt();
    }
  }

  /** More than half the slots taken: waiting connections get the shorter timeout. */
  boolean underPressure() {
    return slots.availablePermits() < cap - cap / 2;
  }

  void forEachSocket(Consumer<Socket> action) {
    open.forEach(c -> action.accept(c.socket));
  }

  /** Waits until every connection has given its slot back. */
  boolean drain(Duration grace) throws InterruptedException {
    if (slots.tryAcquire(cap, grace.toMillis(), TimeUnit.MILLISECONDS)) {
      slots.release(cap);
      return true;
    }
    return false;
  }
}
