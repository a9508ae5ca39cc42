package org.loomdns.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link UdpSocket} of our own on Linux, driven through the foreign-function API (JDK 22+).
 *
 * <p>Why not the JDK's channel: a virtual thread reading a {@code DatagramChannel} parks in the
 * JDK's poller, which leaves an epoll entry on the socket, and every reply we send then walks that
 * entry in the kernel; and each datagram costs a system call of its own. Here the reader, still a
 * virtual thread, takes every datagram already waiting, up to {@link #BATCH}, with one
 * non-blocking {@code recvmmsg}; when none is waiting it first lets the queries it handed on run,
 * and only when there is still none parks until {@link Readiness} wakes it. Replies go out with
 * one non-blocking {@code sendto} each.
 *
 * <p>A platform thread blocking in {@code recvmmsg} was tried and measured slower: on a busy core
 * it and the carrier thread took turns, a context switch every few datagrams. Replies gathered
 * into {@code sendmmsg} batches measured between a tie and 3% more queries per CPU-second at full
 * load, whether a thread of their own sent them (which had to be woken, and made replies wait
 * longer) or the reader, once it had stood aside: too little for a copy of every reply into
 * native memory, a lock, and replies that wait for someone to flush them.
 *
 * <p>Built apart from the rest at release 22 and loaded by name ({@link UdpSockets}), so the
 * server still runs on JDK 21, on its channel.
 */
final class NativeUdpSocket implements UdpSocket {

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_V6ONLY = 26;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int SHUT_RDWR = 2;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EAFNOSUPPORT = 97;

  /** Datagrams taken per {@code recvmmsg}. */
  static final int BATCH = 32;
  /** Room for the largest UDP payload, so no datagram is cut short. */
  private static final int SLOT = 65535;
  /** {@code struct sockaddr_in6}, which also holds a {@code sockaddr_in}. */
  private static final int NAME = 28;

  private static final StructLayout IOVEC = MemoryLayout.structLayout(
      ADDRESS.withName("base"), JAVA_LONG.withName("len"));
  private static final StructLayout MMSGHDR = MemoryLayout.structLayout(
      ADDRESS.withName("name"), JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4),
      ADDRESS.withName("iov"), JAVA_LONG.withName("iovlen"),
      ADDRESS.withName("control"), JAVA_LONG.withName("controllen"),
      JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4),
      JAVA_INT.withName("len"), MemoryLayout.paddingLayout(4));
  private static final long MMSG_NAME = offset("name");
  private static final long MMSG_NAMELEN = offset("namelen");
  private static final long MMSG_IOV = offset("iov");
  private static final long MMSG_IOVLEN = offset("iovlen");
  private static final long MMSG_LEN = offset("len");

  private static final StructLayout CALL_STATE = Libc.CALL_STATE;

  private static final MethodHandle SOCKET = Libc.withErrno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
  private static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt",
      JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  private static final MethodHandle GETSOCKOPT = Libc.withErrno("getsockopt",
      JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  private static final MethodHandle BIND = Libc.withErrno("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  private static final MethodHandle GETSOCKNAME = Libc.withErrno("getsockname",
      JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  private static final MethodHandle RECVMMSG = Libc.withErrno("recvmmsg",
      JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
  private static final MethodHandle SHUTDOWN = Libc.function("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
  private static final MethodHandle STRERROR = Libc.function("strerror", ADDRESS, JAVA_INT);
  /**
   * A reply never blocks (MSG_DONTWAIT) and so is short enough to run as a critical function,
   * which reads the reply and the address straight from their Java arrays: no copy, no native
   * allocation per reply.
   */
  private static final MethodHandle SENDTO = Libc.critical("sendto",
      JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);

  private final int fd;
  private final int family;
  private final InetSocketAddress local;
  /** Made by the reader's first receive, in memory only it may touch; freed when it sees the close. */
  private Batch batch;
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
      MemorySegment errno = setup.allocate(CALL_STATE);
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
        int length = encode(bind, name);
        MemorySegment address = setup.allocate(NAME);
        MemorySegment.copy(name, 0, address, JAVA_BYTE, 0, NAME);
        if ((int) BIND.invokeExact(errno, fd, address, length) < 0) {
          throw new BindException(error(errno));
        }
        MemorySegment nameLength = setup.allocate(JAVA_INT);
        nameLength.set(JAVA_INT, 0, NAME);
        check("getsockname", errno, (int) GETSOCKNAME.invokeExact(errno, fd, address, nameLength));
        local = decode(address);
        readiness = new Readiness(fd, local.toString());
      } catch (IOException | RuntimeException | Error e) {
        int ignored = (int) Libc.CLOSE.invokeExact(fd);
        throw e;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The buffers of one {@code recvmmsg}: {@link #BATCH} headers, with a name and a slot each. */
  private static final class Batch {
    final Arena arena = Arena.ofConfined();
    final MemorySegment headers = arena.allocate(MMSGHDR, BATCH);
    final MemorySegment names = arena.allocate(NAME * (long) BATCH, 8);
    final MemorySegment slots = arena.allocate(SLOT * (long) BATCH, 8);
    final MemorySegment errno = arena.allocate(CALL_STATE);

    Batch() {
      MemorySegment iovecs = arena.allocate(IOVEC, BATCH);
      for (int i = 0; i < BATCH; i++) {
        MemorySegment iov = iovecs.asSlice(i * IOVEC.byteSize(), IOVEC);
        iov.set(ADDRESS, 0, slots.asSlice((long) i * SLOT, SLOT));
        iov.set(JAVA_LONG, 8, SLOT);
        MemorySegment header = header(i);
        header.set(ADDRESS, MMSG_NAME, names.asSlice((long) i * NAME, NAME));
        header.set(JAVA_INT, MMSG_NAMELEN, NAME);
        header.set(ADDRESS, MMSG_IOV, iov);
        header.set(JAVA_LONG, MMSG_IOVLEN, 1);
      }
    }

    MemorySegment header(int i) {
      return headers.asSlice(i * MMSGHDR.byteSize(), MMSGHDR);
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
      MemorySegment errno = call.allocate(CALL_STATE);
      MemorySegment value = call.allocate(JAVA_INT);
      MemorySegment length = call.allocate(JAVA_INT);
      length.set(JAVA_INT, 0, 4);
      check("getsockopt SO_RCVBUF", errno,
          (int) GETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVBUF, value, length));
      // Linux reports the doubled figure it books, the JDK the one asked for; say what the JDK says.
      return value.get(JAVA_INT, 0) / 2;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Override
  public void receive(Receiver receiver) throws IOException {
    if (batch == null) {
      batch = new Batch();
    }
    Batch b = batch;
    int n;
    boolean yielded = false;
    while (true) {
      using.incrementAndGet();
      try {
        if (closed) {
          batch = null;
          b.arena.close();
          throw new ClosedChannelException();
        }
        n = (int) RECVMMSG.invokeExact(b.errno, fd, b.headers, BATCH, MSG_DONTWAIT, MemorySegment.NULL);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      } finally {
        using.decrementAndGet();
      }
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
        readiness.await();
      } else if (errno != EINTR && !closed) {
        throw new SocketException("recvmmsg: " + error(b.errno));
      }
    }
    for (int i = 0; i < n; i++) {
      MemorySegment header = b.header(i);
      byte[] data = b.slots.asSlice((long) i * SLOT, header.get(JAVA_INT, MMSG_LEN)).toArray(JAVA_BYTE);
      receiver.datagram(data, decode(b.names.asSlice((long) i * NAME, NAME)));
      // The kernel wrote the sender's length there; only the headers it filled need it back.
      header.set(JAVA_INT, MMSG_NAMELEN, NAME);
    }
  }

  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    byte[] name = new byte[NAME];
    int length = encode(to, name);
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
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
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
      // Every call on the descriptor is non-blocking, so this is a matter of microseconds.
      while (using.get() > 0) {
        Thread.onSpinWait();
        Thread.yield();
      }
      ignored = (int) Libc.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IOException("close: " + t, t);
    }
  }

  /** Writes {@code to} as this socket's kind of sockaddr into {@code name}, all zeros; returns its length. */
  private int encode(InetSocketAddress to, byte[] name) throws SocketException {
    InetAddress address = to.getAddress();
    if (address == null) {
      throw new SocketException("unresolved address " + to);
    }
    byte[] raw = address.getAddress();
    int port = to.getPort();
    name[2] = (byte) (port >>> 8);
    name[3] = (byte) port;
    if (family == AF_INET) {
      if (raw.length != 4) {
        throw new SocketException("an IPv4 socket cannot send to " + to);
      }
      putFamily(name, AF_INET);
      System.arraycopy(raw, 0, name, 4, 4);
      return 16;
    }
    putFamily(name, AF_INET6);
    if (address.isAnyLocalAddress()) {
      return NAME;
    }
    if (raw.length == 4) {
      name[18] = (byte) 0xff;
      name[19] = (byte) 0xff;
      System.arraycopy(raw, 0, name, 20, 4);
    } else {
      System.arraycopy(raw, 0, name, 8, 16);
      int scope = ((Inet6Address) address).getScopeId();
      name[24] = (byte) scope;
      name[25] = (byte) (scope >>> 8);
      name[26] = (byte) (scope >>> 16);
      name[27] = (byte) (scope >>> 24);
    }
    return NAME;
  }

  /** The sockaddr's family field is in the machine's byte order; both targets are little-endian. */
  private static void putFamily(byte[] name, int family) {
    name[0] = (byte) family;
    name[1] = (byte) (family >>> 8);
  }

  /** A sockaddr as the JDK would give it; getByAddress turns an IPv4-mapped address into IPv4. */
  static InetSocketAddress decode(MemorySegment name) throws UnknownHostException {
    int family = name.get(JAVA_SHORT, 0);
    int port = ((name.get(JAVA_BYTE, 2) & 0xff) << 8) | (name.get(JAVA_BYTE, 3) & 0xff);
    if (family == AF_INET) {
      return new InetSocketAddress(InetAddress.getByAddress(name.asSlice(4, 4).toArray(JAVA_BYTE)), port);
    }
    byte[] raw = name.asSlice(8, 16).toArray(JAVA_BYTE);
    int scope = name.get(JAVA_INT, 24);
    return new InetSocketAddress(scope == 0 ? InetAddress.getByAddress(raw)
        : Inet6Address.getByAddress(null, raw, scope), port);
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
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static long offset(String field) {
    return MMSGHDR.byteOffset(PathElement.groupElement(field));
  }
}
