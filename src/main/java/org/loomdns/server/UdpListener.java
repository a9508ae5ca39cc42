package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 */
final class UdpListener implements AutoCloseable {

  /** Opens the listener's socket; the server's is {@link UdpSockets#open}, a spec's may inject faults. */
  @FunctionalInterface
  interface Opener {
    UdpSocket open(InetSocketAddress bind) throws IOException;
  }

  static final int FAILURES_BEFORE_FALLBACK = 3;

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
        s.receive(this::dispatch);
        reads.increment();
        failures = 0;
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
   * A packet-cache hit is answered here, on the reader: it costs less than starting a virtual
   * thread and switching to it, and most replies are hits. A miss takes its key along to the full
   * path, which keeps the reply under it.
   */
  private void dispatch(byte[] data, InetSocketAddress client) {
    if (!accepting) {
      return;
    }
    PacketCache.Key key;
    try {
      key = processor.cacheKey(data, Transport.UDP);
      if (processor.answerFromCache(key, data, client, Transport.UDP, wire -> socket.send(wire, client))) {
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
