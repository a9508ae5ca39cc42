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

  InetSocketAddress localAddress();

  /** What kind of socket this is, for the start-up line. */
  String kind();

  /** The receive buffer the kernel granted, which net.core.rmem_max may have capped. */
  int receiveBuffer() throws IOException;

  /**
   * Waits for at least one datagram and hands each that is waiting to {@code receiver}. Called
   * by one reader, a platform thread (it blocks in the kernel), at a time.
   *
   * @throws java.nio.channels.ClosedChannelException once the socket is closed
   */
  void receive(Receiver receiver) throws IOException;

  /**
   * Sends a reply from the reader, in {@code receive}'s {@link Receiver}; the socket may hold it
   * until that receive has handed on all its datagrams, to send them together.
   */
  default void reply(byte[] data, InetSocketAddress to) throws IOException {
    send(data, to);
  }

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
