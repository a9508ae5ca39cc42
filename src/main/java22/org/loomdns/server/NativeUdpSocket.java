package org.loomdns.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.loomdns.server.MessageBatch.BATCH;
import static org.loomdns.server.MessageBatch.NAME;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A {@link UdpSocket} of our own on Linux, driven through the foreign-function API (JDK 22+).
 *
 * <p>Why not the JDK's channel: a virtual thread reading a {@code DatagramChannel} parks in the
 * JDK's poller, which leaves an epoll entry on the socket, and every reply we send then walks that
 * entry in the kernel; and each datagram costs a system call of its own. Here the virtual reader
 * takes every datagram already waiting, up to {@link MessageBatch#BATCH}, with one non-blocking
 * {@code recvmmsg}; when none is waiting it first lets the queries it handed on run, and only
 * when there is still none parks until {@link Readiness} wakes it. Its replies go out with one
 * non-blocking {@code sendto} each, as do those of the queries' own virtual threads.
 *
 * <p>While no query is handed on, the listener leaves the socket to a platform thread instead
 * ({@link UdpSocket.KernelWaits}): it blocks in {@code recvmmsg} and is the one thread a batch
 * wakes, and its replies (packet-cache hits) are copied into native memory and go out together
 * with one {@code sendmmsg}, so the client is woken once per batch too. Reading on that thread
 * alone, misses included, was measured slower at saturation: it and the carrier that answers the
 * misses took turns on a busy core.
 *
 * <p>Built apart from the rest at release 22 and loaded by name ({@link UdpSockets}), so the
 * server still runs on JDK 21, on its channel.
 */
final class NativeUdpSocket implements UdpSocket, UdpSocket.KernelWaits {

  private static final int AF_INET = SocketAddresses.AF_INET;
  private static final int AF_INET6 = SocketAddresses.AF_INET6;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_V6ONLY = 26;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_WAITFORONE = 0x10000;
  private static final int SHUT_RDWR = 2;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EAFNOSUPPORT = 97;

  private static final MethodHandle SOCKET = Libc.withErrno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
  private static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt",
      JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  private static final MethodHandle BIND = Libc.withErrno("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  private static final MethodHandle GETSOCKNAME = Libc.withErrno("getsockname",
      JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  private static final MethodHandle RECVMMSG = Libc.withErrno("recvmmsg",
      JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
  private static final MethodHandle SHUTDOWN = Libc.function("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
  /**
   * A reply never blocks (MSG_DONTWAIT) and so is short enough to run as a critical function,
   * which reads the reply and the address straight from their Java arrays: no copy, no native
   * allocation per reply.
   */
  private static final MethodHandle SENDTO = Libc.critical("sendto",
      JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);

  /**
   * The calls the first answer does not need, each linked when first made rather than with the
   * rest: a link is several milliseconds of the set-up a cold start waits for ({@link UdpSockets#prepare}).
   */
  private static final class Later {
    static final MethodHandle SENDMMSG = Libc.function("sendmmsg", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle STRERROR = Libc.function("strerror", ADDRESS, JAVA_INT);
  }

  /** As {@link Later}: read once the listener is bound, for its log line. */
  private static final class BufferSize {
    static final MethodHandle GETSOCKOPT = Libc.withErrno("getsockopt",
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  }

  private final int fd;
  private final int family;
  private final InetSocketAddress local;
  /**
   * Made by the first receive, used by whichever of the listener's two readers has its turn
   * (which orders their uses), freed by the one that sees the close.
   */
  private MessageBatch batch;
  /** The kernel waiter's replies of its current batch, sent together with one sendmmsg at its end. */
  private MessageBatch replies;
  private final Readiness readiness;
  private volatile boolean closed;
  /**
   * Native calls on the descriptor right now. It is freed only once this is zero, so a late
   * reply or read can never land on a socket that reused the number.
   */
  private final AtomicInteger using = new AtomicInteger();

  NativeUdpSocket(InetSocketAddress bind, int receiveBuffer) throws IOException {
    // Otherwise dual-stack, or, for the wildcard on a host without IPv6, IPv4.
    boolean wildcard = bind.getAddress().isAnyLocalAddress();
    int domain = UdpSockets.ipv4Only(bind) ? AF_INET : AF_INET6;
    try (Arena setup = Arena.ofConfined()) {
      MemorySegment errno = setup.allocate(Libc.CALL_STATE);
      int s = (int) SOCKET.invokeExact(errno, domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (s < 0 && wildcard && errno(errno) == EAFNOSUPPORT) {
        domain = AF_INET;
        s = (int) SOCKET.invokeExact(errno, domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      }
      family = domain;
      if (s < 0) {
        throw new SocketException("socket: " + error(errno));
      }
      fd = s;
      try {
        MemorySegment value = setup.allocate(JAVA_INT);
        if (family == AF_INET6) {
          // Like the JDK's channel: an IPv6 socket takes IPv4 datagrams too (as ::ffff:a.b.c.d).
          value.set(JAVA_INT, 0, 0);
          check("setsockopt IPV6_V6ONLY", errno,
              (int) SETSOCKOPT.invokeExact(errno, fd, IPPROTO_IPV6, IPV6_V6ONLY, value, 4));
        }
        value.set(JAVA_INT, 0, receiveBuffer);
        check("setsockopt SO_RCVBUF", errno,
            (int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVBUF, value, 4));
        byte[] name = new byte[NAME];
        int length = SocketAddresses.encode(bind, name, family);
        MemorySegment address = setup.allocate(NAME);
        MemorySegment.copy(name, 0, address, JAVA_BYTE, 0, NAME);
        if ((int) BIND.invokeExact(errno, fd, address, length) < 0) {
          throw new BindException(error(errno));
        }
        MemorySegment nameLength = setup.allocate(JAVA_INT);
        nameLength.set(JAVA_INT, 0, NAME);
        check("getsockname", errno, (int) GETSOCKNAME.invokeExact(errno, fd, address, nameLength));
        local = SocketAddresses.decode(address);
        readiness = new Readiness(fd, local.toString());
      } catch (IOException | RuntimeException | Error e) {
        int ignored = (int) Libc.CLOSE.invokeExact(fd);
        throw e;
      }
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public String kind() {
    return "native recvmmsg";
  }

  @Override
  public int receiveBuffer() throws IOException {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment errno = call.allocate(Libc.CALL_STATE);
      MemorySegment value = call.allocate(JAVA_INT);
      MemorySegment length = call.allocate(JAVA_INT);
      length.set(JAVA_INT, 0, 4);
      check("getsockopt SO_RCVBUF", errno,
          (int) BufferSize.GETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVBUF, value, length));
      // Linux reports the doubled figure it books, the JDK the one asked for; say what the JDK says.
      return value.get(JAVA_INT, 0) / 2;
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    }
  }

  @Override
  public void receive(Receiver receiver) throws IOException {
    receiveUnlessQuiet(receiver, () -> false);
  }

  @Override
  public boolean receiveUnlessQuiet(Receiver receiver, BooleanSupplier quiet) throws IOException {
    MessageBatch b = batch();
    int n;
    boolean yielded = false;
    while (true) {
      n = recvmmsg(b, MSG_DONTWAIT);
      if (n >= 0) {
        break;
      }
      int errno = errno(b.errno);
      if (errno == EAGAIN && !yielded) {
        // The queries just handed on wait behind this thread on its carrier. Once they are
        // answered, their clients' next queries have often arrived and are read at once, without
        // the poller's round trip. Measured under load: a quarter of the context switches
        // (15,000 a second down to 4,000) and 7-9% more queries a second.
        yielded = true;
        Thread.yield();
      } else if (errno == EAGAIN) {
        if (quiet.getAsBoolean()) {
          return false;
        }
        readiness.await();
      } else if (errno != EINTR && !closed) {
        throw new SocketException("recvmmsg: " + error(b.errno));
      }
    }
    handOn(b, n, receiver);
    return true;
  }

  @Override
  public void receiveBlocking(Receiver receiver) throws IOException {
    MessageBatch b = batch();
    if (replies == null) {
      replies = MessageBatch.forSending();
    }
    int n;
    while (true) {
      // Waits for the first datagram, then takes those already behind it; the shutdown of close
      // wakes it.
      n = recvmmsg(b, MSG_WAITFORONE);
      if (n >= 0) {
        break;
      }
      int errno = errno(b.errno);
      if (errno != EINTR && errno != EAGAIN && !closed) {
        throw new SocketException("recvmmsg: " + error(b.errno));
      }
    }
    try {
      handOn(b, n, receiver);
    } finally {
      flush();
    }
  }

  @Override
  public void reply(byte[] data, InetSocketAddress to) throws IOException {
    if (!replies.fits(data.length)) {
      flush();
    }
    byte[] name = new byte[NAME];
    replies.put(data, name, SocketAddresses.encode(to, name, family));
  }

  /** Hands the {@code n} datagrams {@code b} received to {@code receiver}, each with its sender. */
  private static void handOn(MessageBatch b, int n, Receiver receiver) throws IOException {
    for (int i = 0; i < n; i++) {
      receiver.datagram(b.payload(i), SocketAddresses.decode(b.sender(i)));
    }
  }

  /** The batch, made on first use. */
  private MessageBatch batch() {
    if (batch == null) {
      batch = MessageBatch.forReceiving();
    }
    return batch;
  }

  /** One {@code recvmmsg} into {@code b}; on a closed socket frees the buffers and throws. */
  private int recvmmsg(MessageBatch b, int flags) throws IOException {
    using.incrementAndGet();
    try {
      int n = closed ? -1 : (int) RECVMMSG.invokeExact(b.errno, fd, b.headers(0), BATCH, flags, MemorySegment.NULL);
      if (closed) {
        release();
        throw new ClosedChannelException();
      }
      return n;
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    } finally {
      using.decrementAndGet();
    }
  }

  /** Frees the native buffers, once the socket is closed and its reader sees it. */
  private void release() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
    if (replies != null) {
      replies.close();
      replies = null;
    }
  }

  /**
   * Sends the replies held. One the kernel refuses (a full send buffer, say) is dropped, as a
   * datagram on the wire would be, and the rest still go; the client asks again.
   */
  private void flush() throws IOException {
    int count = replies.count();
    replies.clear();
    if (count == 0) {
      return;
    }
    using.incrementAndGet();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      int done = 0;
      while (done < count) {
        int sent = (int) Later.SENDMMSG.invokeExact(fd, replies.headers(done), count - done, MSG_DONTWAIT);
        done += Math.max(sent, 1);
      }
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    } finally {
      using.decrementAndGet();
    }
  }

  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    byte[] name = new byte[NAME];
    int length = SocketAddresses.encode(to, name, family);
    using.incrementAndGet();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      long sent = (long) SENDTO.invokeExact(fd, MemorySegment.ofArray(data), (long) data.length, MSG_DONTWAIT,
          MemorySegment.ofArray(name), length);
      if (sent < 0) {
        // A full send buffer (EAGAIN) drops the reply, as it would a datagram on the wire; the
        // client asks again. The critical call cannot capture errno, so no reason is given.
        throw new SocketException("sendto " + to + " failed");
      }
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    } finally {
      using.decrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    readiness.close();
    try {
      int ignored = (int) SHUTDOWN.invokeExact(fd, SHUT_RDWR);
      // The shutdown wakes a recvmmsg blocked in the kernel, and every other call on the
      // descriptor is non-blocking, so this is a matter of microseconds.
      while (using.get() > 0) {
        Thread.onSpinWait();
        Thread.yield();
      }
      ignored = (int) Libc.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IOException("close: " + t, t);
    }
  }

  private static void check(String what, MemorySegment errno, int result) throws SocketException {
    if (result < 0) {
      throw new SocketException(what + ": " + error(errno));
    }
  }

  private static int errno(MemorySegment state) {
    return Libc.errno(state);
  }

  private static String error(MemorySegment state) {
    int errno = errno(state);
    try {
      MemorySegment text = (MemorySegment) Later.STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
