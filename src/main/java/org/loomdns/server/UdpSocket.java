package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The socket a {@link UdpListener} reads datagrams from and sends its replies on. Two kinds exist:
 * a JDK {@code DatagramChannel}, which runs anywhere, and on Linux with JDK 22 or newer a socket
 * of our own driven through the foreign-function API, which takes datagrams in batches.
 */
interface UdpSocket extends AutoCloseable {

  /** Where each received datagram goes, on the reader thread. */
  @FunctionalInterface
  interface Receiver {
    void datagram(byte[] data, InetSocketAddress from);
  }

  /** The socket cannot go on (its poller died, say); the listener puts another in its place at once. */
  final class BrokenException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  InetSocketAddress localAddress();

  /** What kind of socket this is, for the start-up line. */
  String kind();

  /** The receive buffer the kernel granted, which net.core.rmem_max may have capped. */
  int receiveBuffer() throws IOException;

  /**
   * Waits for at least one datagram and hands each that is waiting to {@code receiver}. Called
   * by one reader, a virtual thread, at a time.
   *
   * @throws java.nio.channels.ClosedChannelException once the socket is closed
   */
  void receive(Receiver receiver) throws IOException;

  /**
   * Sends one datagram; safe from any number of threads at once.
   *
   * @throws java.nio.channels.ClosedChannelException once the socket is closed
   */
  void send(byte[] data, InetSocketAddress to) throws IOException;

  /** Wakes the reader, which then gets a {@code ClosedChannelException}, and frees the socket. */
  @Override
  void close() throws IOException;
}
