package org.loomdns.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;

/**
 * Lets a virtual thread wait until a socket has a datagram without holding its carrier: the thread
 * parks, and a platform thread of ours, blocked in {@code epoll_wait}, unparks it.
 *
 * <p>The socket is in the epoll set only while someone waits. The JDK's poller leaves it there
 * once it has fired, and then every datagram the socket sends walks that entry in the kernel; a
 * busy server rarely waits, so adding and removing it each time costs less.
 */
final class Readiness implements AutoCloseable {

  private static final int EPOLL_CLOEXEC = 0x80000;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLLIN = 0x1;
  private static final int EPOLLONESHOT = 1 << 30;
  /** {@code struct epoll_event}: 12 bytes packed on amd64, 16 on aarch64. */
  private static final int EVENT = 16;
  private static final int EFD_CLOEXEC = 0x80000;

  private static final MethodHandle EPOLL_CREATE1 = Libc.function("epoll_create1", JAVA_INT, JAVA_INT);
  private static final MethodHandle EPOLL_CTL = Libc.function("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
  private static final MethodHandle EPOLL_WAIT =
      Libc.withErrno("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
  private static final int EINTR = 4;
  private static final MethodHandle EVENTFD = Libc.function("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
  /** Made at the close, the one call that needs it: linking it is milliseconds of a cold start. */
  private static final class Closing {
    static final MethodHandle EVENTFD_WRITE = Libc.function("eventfd_write", JAVA_INT, JAVA_INT, JAVA_LONG);
  }

  private final String name;
  private final int epfd;
  private final int fd;
  /** Always in the epoll set; written once, by {@link #close}, to stop the poller. */
  private final int stop;
  /** The waiter's {@code epoll_event}; one thread waits at a time. */
  private final MemorySegment event = Arena.ofAuto().allocate(EVENT);
  /** Written by the waiter before it adds the socket, read by the poller once it fires. */
  private volatile Thread waiter;
  private volatile boolean ready;
  private volatile boolean closed;
  /** Why the poller stopped, when it stopped without being closed; a waiter then gets it as an IOException. */
  private volatile Throwable failure;
  /**
   * A waiter between its look at {@link #closed} and its {@code epoll_ctl}: the poller frees the
   * epoll descriptor only once this is zero, so the call never lands on a reused number.
   */
  private final AtomicInteger adding = new AtomicInteger();

  Readiness(int fd, String name) throws IOException {
    this.fd = fd;
    this.name = name;
    try {
      epfd = (int) EPOLL_CREATE1.invokeExact(EPOLL_CLOEXEC);
      if (epfd < 0) {
        throw new IOException("epoll_create1 failed");
      }
      stop = (int) EVENTFD.invokeExact(0, EFD_CLOEXEC);
      event.set(JAVA_INT, 0, EPOLLIN);
      if (stop < 0 || (int) EPOLL_CTL.invokeExact(epfd, EPOLL_CTL_ADD, stop, event) < 0) {
        int ignored = (int) Libc.CLOSE.invokeExact(epfd);
        if (stop >= 0) {
          ignored = (int) Libc.CLOSE.invokeExact(stop);
        }
        throw new IOException("eventfd for the UDP poller failed");
      }
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    }
    Thread.ofPlatform().daemon().name("udp poller " + name).start(this::pollLoop);
  }

  /** Parks the calling thread until the socket is readable or this is closed. */
  void await() throws IOException {
    ready = false;
    waiter = Thread.currentThread();
    event.set(JAVA_INT, 0, EPOLLIN | EPOLLONESHOT);
    adding.incrementAndGet();
    try {
      if (closed) {
        return;
      }
      failed();
      if ((int) EPOLL_CTL.invokeExact(epfd, EPOLL_CTL_ADD, fd, event) < 0) {
        throw new IOException("epoll_ctl ADD failed");
      }
    } catch (Throwable t) {
      throw Libc.rethrown(t);
    } finally {
      adding.decrementAndGet();
    }
    while (!ready && !closed) {
      failed();
      LockSupport.park(this);
    }
  }

  private void failed() throws IOException {
    Throwable f = failure;
    if (f != null) {
      throw new UdpSocket.BrokenException("the UDP poller stopped: " + f, f);
    }
  }

  /**
   * Waits for the socket on behalf of the waiter. Should it ever fail (epoll_wait reports an error
   * other than EINTR, or anything throws), it records why and wakes the waiter, whose next wait
   * throws: a reader parked for ever on a dead poller is a listener that answers nothing.
   */
  private void pollLoop() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment events = arena.allocate(EVENT);
      MemorySegment errno = arena.allocate(Libc.CALL_STATE);
      while (true) {
        int n = (int) EPOLL_WAIT.invokeExact(errno, epfd, events, 1, -1);
        if (closed) {
          break;
        }
        if (n > 0) {
          // One-shot, so it cannot fire again; taken out so sends stop walking it.
          int ignored = (int) EPOLL_CTL.invokeExact(epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
          ready = true;
          LockSupport.unpark(waiter);
        } else if (n < 0 && Libc.errno(errno) != EINTR) {
          throw new IOException("epoll_wait failed, errno " + Libc.errno(errno));
        }
      }
      while (adding.get() > 0) {
        Thread.onSpinWait();
      }
      int ignored = (int) Libc.CLOSE.invokeExact(epfd);
      ignored = (int) Libc.CLOSE.invokeExact(stop);
    } catch (Throwable t) {
      if (t instanceof OutOfMemoryError oom) {
        throw oom;
      }
      failure = t;
      Logger.error("udp {}: the poller stopped: {}", name, t.toString());
      LockSupport.unpark(waiter);
    }
  }

  /** Wakes any waiter and stops the poller. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int ignored = (int) Closing.EVENTFD_WRITE.invokeExact(stop, 1L);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }
}
