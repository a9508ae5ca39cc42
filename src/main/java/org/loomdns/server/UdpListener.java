package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.loomdns.chain.Transport;
import org.loomdns.log.LogThrottle;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;

/**
 * One UDP socket. A reader takes datagrams off it and gives each its own virtual thread; a permit
 * per datagram bounds how many are in flight, and a datagram that finds none is dropped.
 */
final class UdpListener implements AutoCloseable {

  private final UdpSocket socket;
  private final QueryProcessor processor;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Drops drops;
  private final InetSocketAddress local;
  private final LogThrottle receiveFailures = new LogThrottle();
  private final LogThrottle queryFailures = new LogThrottle();
  private volatile boolean accepting = true;
  private Thread reader;

  UdpListener(InetSocketAddress bind, ServerConfig config, QueryProcessor processor, Drops drops)
      throws IOException {
    this.processor = processor;
    this.drops = drops;
    this.maxInFlight = config.maxUdpInFlight();
    this.inFlight = new Semaphore(maxInFlight);
    this.socket = UdpSockets.open(config.udpIo(), bind, config.udpReceiveBuffer());
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

  void start() {
    reader = Thread.ofVirtual().name("udp " + local).start(this::readLoop);
  }

  private void readLoop() {
    while (true) {
      try {
        socket.receive(this::dispatch);
      } catch (ClosedChannelException e) {
        if (accepting) {
          Logger.error("udp {}: the socket was closed while serving; UDP is no longer answered here", local);
        }
        return;
      } catch (IOException e) {
        receiveFailures.warn("udp {}: receive failed: {}", local, e.getMessage());
      }
    }
  }

  private void dispatch(byte[] data, InetSocketAddress client) {
    if (!accepting) {
      return;
    }
    if (!inFlight.tryAcquire()) {
      drops.count(Drops.Kind.UDP_OVER_CAP, "udp {}: query from {} dropped: all {} in-flight permits taken",
          local, client, maxInFlight);
      return;
    }
    Thread.ofVirtual().start(() -> answer(data, client));
  }

  private void answer(byte[] data, InetSocketAddress client) {
    try {
      processor.process(data, client, Transport.UDP, wire -> socket.send(wire, client));
    } catch (ClosedChannelException e) {
      // Stopping: the reply has nowhere to go.
    } catch (IOException | RuntimeException e) {
      queryFailures.warn("udp {}: query from {} failed: {}", local, client, e.toString());
    } finally {
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
    try {
      socket.close();
      if (reader != null) {
        reader.join(Duration.ofSeconds(1));
      }
    } catch (IOException e) {
      Logger.debug("udp {}: close: {}", local, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
