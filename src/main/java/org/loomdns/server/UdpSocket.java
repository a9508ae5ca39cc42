package org.loomdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

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

  /**
   * A socket that a platform thread may also wait on in the kernel, the native one. A virtual
   * reader is woken by two threads per batch of datagrams (its poller, then a carrier); a thread
   * blocked in {@code recvmmsg} by one. The listener's two readers take turns, one at a time.
   */
  interface KernelWaits {

    /**
     * As {@link #receive}, except that when no datagram is waiting and {@code quiet} then says so,
     * it returns false, having handed on nothing, instead of parking.
     */
    boolean receiveUnlessQuiet(Receiver receiver, BooleanSupplier quiet) throws IOException;

    /**
     * On a platform thread: blocks in the kernel until a datagram comes, then hands each waiting
     * one, up to a batch, to {@code receiver}, and sends the replies it gave {@link #reply}
     * together once all are handed on.
     *
     * @throws java.nio.channels.ClosedChannelException once the socket is closed
     */
    void receiveBlocking(Receiver receiver) throws IOException;

    /** A reply made within {@link #receiveBlocking}'s receiver, held until its batch is handed on. */
    void reply(byte[] data, InetSocketAddress to) throws IOException;
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
