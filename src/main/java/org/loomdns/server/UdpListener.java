package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.loomdns.chain.Transport;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;

/**
 * One UDP socket. A reader takes datagrams off it, answers those the packet cache holds itself
 * and gives each of the others its own virtual thread; a permit per such datagram bounds how many
 * are in flight, and a datagram that finds none is dropped.
 *
 * <p>The reader survives whatever the socket throws: each failure is logged (throttled) and the
 * reader goes on. A socket that fails {@link #FAILURES_BEFORE_FALLBACK} times in a row, is closed
 * under the reader, or says it is broken (a native socket whose poller died) is replaced by the JDK's channel on the same address and port, once,
 * with one log line: a listener that stops reading is a server that answers nothing while it looks
 * alive.
 *
 * <p>On a socket that offers it ({@link UdpSocket.KernelWaits}, the native one) the reader leaves
 * the socket to a platform thread of its own, the kernel waiter, while no query is handed on: it
 * blocks in {@code recvmmsg}, so a batch of datagrams wakes one thread, where the virtual reader
 * needs its poller's wake-up and then a carrier's. The waiter answers hits as the reader does and
 * gives the socket back to the virtual reader after a batch that handed a query on, so that misses
 * and the reading of the datagrams behind them share the carrier: a platform thread reading on
 * while the carrier answers misses took turns with it on a busy core. The reader gives the waiter
 * the turn again when it finds the socket empty after a batch that handed nothing on, with nothing
 * in flight, or after {@link #CALM_BATCHES} such batches in a row; a steady run of misses stays
 * with it. One of the two reads at a time.
 */
final class UdpListener implements AutoCloseable {

  /** Opens the listener's socket; the server's is {@link UdpSockets#open}, a spec's may inject faults. */
  @FunctionalInterface
  interface Opener {
    UdpSocket open(InetSocketAddress bind) throws IOException;
  }

  static final int FAILURES_BEFORE_FALLBACK = 3;
  /**
   * Batches in a row without a miss after which the reader gives the waiter the turn though
   * datagrams keep coming, as they do at full load, where it seldom finds the socket empty.
   */
  static final int CALM_BATCHES = 4;

  /** Written by the reader alone, when it replaces a failed socket; read by every reply. */
  private volatile UdpSocket socket;
  private final QueryProcessor processor;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final int receiveBuffer;
  private final Drops drops;
  private final QueryBytes bytes;
  private final InetSocketAddress local;
  private final LogThrottle receiveFailures = new LogThrottle();
  private final LogThrottle queryFailures = new LogThrottle();
  private volatile boolean accepting = true;
  private volatile boolean closing;
  /** Each return of the socket's receive, for {@link ListenerWatch}: the reader's heartbeat. */
  private final LongAdder reads = new LongAdder();
  private Thread reader;
  /** The platform thread that waits in the kernel for the reader; made at its first turn. */
  private volatile Thread waiter;
  /** Whose turn it is to read: the waiter's while true. Handing the turn over orders their uses of the socket. */
  private volatile boolean waiterTurn;
  /** Off for good once the waiter failed on its socket: the virtual reader alone then reads. */
  private volatile boolean waiterOff;
  /** A query was handed to a virtual thread since the reader last looked. */
  private volatile boolean handedOn;
  /** The reader's batches in a row that handed no query on; its own, touched on its turn only. */
  private int calm = 1;
  private final UdpSocket.Receiver onReader = (data, client) -> dispatch(data, client, null);

  UdpListener(InetSocketAddress bind, ServerConfig config, QueryProcessor processor, Drops drops,
      QueryBytes bytes) throws IOException {
    this(bind, config, processor, drops, bytes, b -> UdpSockets.open(config.udpIo(), b, config.udpReceiveBuffer()));
  }

  UdpListener(InetSocketAddress bind, ServerConfig config, QueryProcessor processor, Drops drops, QueryBytes bytes,
      Opener opener) throws IOException {
    this.processor = processor;
    this.drops = drops;
    this.bytes = bytes;
    this.maxInFlight = config.maxUdpInFlight();
    this.receiveBuffer = config.udpReceiveBuffer();
    this.inFlight = new Semaphore(maxInFlight);
    this.socket = opener.open(bind);
    this.local = socket.localAddress();
  }

  InetSocketAddress localAddress() {
    return local;
  }

  String socketKind() {
    return socket.kind();
  }

  /** The receive buffer the kernel granted, which net.core.rmem_max may have capped. */
  int receiveBuffer() throws IOException {
    return socket.receiveBuffer();
  }

  /** How many times the reader has come back from the socket with datagrams. */
  long reads() {
    return reads.sum();
  }

  void start() {
    reader = Thread.ofVirtual().name("udp " + local).start(this::readLoop);
  }

  private void readLoop() {
    int failures = 0;
    while (!closing) {
      UdpSocket s = socket;
      try {
        if (!waiterOff && s instanceof UdpSocket.KernelWaits k) {
          boolean read = k.receiveUnlessQuiet(onReader, this::quiet);
          if (read) {
            reads.increment();
            failures = 0;
          }
          if (!read || calmAfter()) {
            waitInKernel();
          }
        } else {
          s.receive(onReader);
          reads.increment();
          failures = 0;
        }
      } catch (ClosedChannelException e) {
        if (closing) {
          return;
        }
        receiveFailures.warn("udp {}: the {} socket was closed while serving", local, s.kind());
        failures = FAILURES_BEFORE_FALLBACK;
      } catch (UdpSocket.BrokenException e) {
        receiveFailures.warn("udp {}: {}", local, e.getMessage());
        failures = FAILURES_BEFORE_FALLBACK;
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) { // whatever the socket throws, the reader must go on reading
        receiveFailures.warn("udp {}: receive failed: {}", local, e.toString());
        failures++;
      }
      if (failures >= FAILURES_BEFORE_FALLBACK) {
        replace(s);
      } else if (failures > 1) {
        pause(10); // a lasting failure must not spin this thread
      }
    }
  }

  /** Counts a batch the reader read; true when it makes {@link #CALM_BATCHES} in a row without a miss. */
  private boolean calmAfter() {
    return !tookHandedOn() && ++calm >= CALM_BATCHES;
  }

  /** Whether a query was handed on since the reader last looked; if so, the calm count starts again. */
  private boolean tookHandedOn() {
    if (!handedOn) {
      return false;
    }
    handedOn = false;
    calm = 0;
    return true;
  }

  /**
   * The socket is empty, the last batch handed no query on (nor the waiter's, when it just gave
   * the turn back) and none is in flight: the waiter may read. A reader that hands a query on in
   * every batch, as under a run of misses, never leaves.
   */
  private boolean quiet() {
    tookHandedOn();
    return calm > 0 && inFlight.availablePermits() == maxInFlight;
  }

  /** Gives the turn to the waiter, made on first use, and parks until it gives it back. */
  private void waitInKernel() {
    if (waiter == null) {
      try {
        waiter = Thread.ofPlatform().daemon().name("udp waiter " + local).start(this::waitLoop);
      } catch (OutOfMemoryError | RuntimeException e) { // no thread to be had: read as before
        waiterOff = true;
        Logger.warn("udp {}: no platform thread to wait in the kernel ({}); the virtual reader reads alone",
            local, e.toString());
        return;
      }
    }
    calm = 0;
    waiterTurn = true;
    LockSupport.unpark(waiter);
    while (waiterTurn && !closing) {
      LockSupport.park(this);
    }
  }

  /**
   * The waiter: on its turn, reads batch after batch blocked in the kernel until one hands a query
   * on, then gives the turn back. A failure (the socket closed under it included) also gives it
   * back: the reader meets the same socket next and does what it does with a failing one.
   */
  private void waitLoop() {
    while (!closing && !waiterOff) {
      if (!waiterTurn) {
        LockSupport.park(this);
        continue;
      }
      UdpSocket s = socket;
      try {
        if (s instanceof UdpSocket.KernelWaits k) {
          UdpSocket.Receiver onWaiter = (data, client) -> dispatch(data, client, k);
          while (!closing && !handedOn && socket == s) {
            k.receiveBlocking(onWaiter);
            reads.increment();
          }
        }
      } catch (ClosedChannelException e) {
        // Stopping, or the reader finds the socket closed and replaces it.
      } catch (OutOfMemoryError e) {
        waiterOff = true;
        throw e;
      } catch (Throwable e) { // the reader goes on alone, as it did before there was a waiter
        waiterOff = true;
        receiveFailures.warn("udp {}: waiting in the kernel failed, the virtual reader reads alone: {}", local,
            e.toString());
      } finally {
        waiterTurn = false;
        LockSupport.unpark(reader);
      }
    }
  }

  /** Puts the JDK's channel in place of a socket that keeps failing, retrying until it binds. */
  private void replace(UdpSocket failed) {
    closeQuietly(failed);
    while (!closing) {
      try {
        socket = new ChannelUdpSocket(local, receiveBuffer);
        Logger.error("udp {}: the {} socket kept failing; serving on the JDK's channel from now on", local,
            failed.kind());
        return;
      } catch (IOException e) {
        receiveFailures.warn("udp {}: cannot open the JDK's channel in its place: {}", local, e.toString());
        pause(1000);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A packet-cache hit is answered here, on the reader or the waiter: it costs less than starting
   * a virtual thread and switching to it, and most replies are hits. The waiter's replies go out
   * with its batch ({@code batched}), the reader's at once. A miss takes its key along to the full
   * path, which keeps the reply under it.
   */
  private void dispatch(byte[] data, InetSocketAddress client, UdpSocket.KernelWaits batched) {
    if (!accepting) {
      return;
    }
    PacketCache.Key key;
    try {
      key = processor.cacheKey(data, Transport.UDP);
      QueryProcessor.ReplySink sink = batched == null
          ? wire -> socket.send(wire, client)
          : wire -> batched.reply(wire, client);
      if (processor.answerFromCache(key, data, client, Transport.UDP, sink)) {
        return;
      }
    } catch (ClosedChannelException e) {
      return; // stopping, or the socket is being replaced: the reply has nowhere to go
    } catch (IOException | RuntimeException e) {
      queryFailures.warn("udp {}: query from {} failed: {}", local, client, e.toString());
      return;
    }
    if (!inFlight.tryAcquire()) {
      drops.count(Drops.Kind.UDP_OVER_CAP, "udp {}: query from {} dropped: all {} in-flight permits taken",
          local, client, maxInFlight);
      return;
    }
    if (!bytes.tryTake(data.length)) {
      inFlight.release();
      drops.count(Drops.Kind.QUERY_BYTES_OVER_CAP, "udp {}: query of {} bytes from {} dropped: the bytes of "
          + "queries in flight are at their bound", local, data.length, client);
      return;
    }
    handedOn = true;
    Thread.ofVirtual().start(() -> answer(key, data, client));
  }

  private void answer(PacketCache.Key key, byte[] data, InetSocketAddress client) {
    try {
      processor.resolve(key, data, client, Transport.UDP, wire -> socket.send(wire, client));
    } catch (ClosedChannelException e) {
      // Stopping, or the socket is being replaced: the reply has nowhere to go.
    } catch (IOException | RuntimeException e) {
      queryFailures.warn("udp {}: query from {} failed: {}", local, client, e.toString());
    } finally {
      bytes.give(data.length);
      inFlight.release();
    }
  }

  /** From now on datagrams are read and dropped; replies to those in flight still go out. */
  void stopAccepting() {
    accepting = false;
  }

  /** Waits until the queries in flight are answered; false when {@code grace} ran out first. */
  boolean drain(Duration grace) throws InterruptedException {
    if (inFlight.tryAcquire(maxInFlight, grace.toMillis(), TimeUnit.MILLISECONDS)) {
      inFlight.release(maxInFlight);
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly(socket);
    if (waiter != null) {
      LockSupport.unpark(waiter);
    }
    try {
      if (reader != null) {
        reader.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly(UdpSocket s) {
    try {
      s.close();
    } catch (IOException | RuntimeException e) {
      Logger.debug("udp {}: close: {}", local, e.getMessage());
    }
  }
}
