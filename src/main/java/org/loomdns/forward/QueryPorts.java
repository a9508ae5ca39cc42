package org.loomdns.forward;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.tinylog.Logger;
import org.xbill.DNS.Message;

/**
 * The UDP sockets that questions go upstream from (RFC 5452): a few per address family, each
 * bound to a port drawn at random and read by one virtual thread, which hands each reply to the
 * question waiting for it by source address, ID and question. A socket serves at most
 * {@code maxUses} questions or {@code maxAge}, whichever ends first, and is then replaced by one on
 * a fresh random port; the old one is closed when its last question is done. A spoofer must so
 * guess one of the ports in use as well as the 16-bit ID, and a port learnt by watching is soon
 * gone; opening a socket per question bought the same at a fifth of the CPU of a forwarded miss.
 * A reply that no question waits for (late, spoofed, unasked) is dropped.
 */
final class QueryPorts implements AutoCloseable {

  /** Sockets per address family: the ports a spoofer must choose among. */
  static final int SOCKETS = 16;
  static final int MAX_USES = 1000;
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  /**
   * Room for one UDP reply. We offer {@link Exchange#EDNS_PAYLOAD} bytes, so anything longer
   * breaks the rules and, cut short here, fails to parse and is ignored.
   */
  private static final int UDP_BUFFER = 4096;
  private static final int HEADER = 12;
  private static final int FIRST_PORT = 1024;
  private static final int PORT_TRIES = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final InetAddress ANY_V4 = address(new byte[4]);
  private static final InetAddress ANY_V6 = address(new byte[16]);

  private record Key(InetSocketAddress from, int id) {}

  private record Waiter(Message query, CompletableFuture<Message> reply) {}

  /** One socket, held by the pool while it is in use and by each question sent from it. */
  private static final class Port {
    final DatagramChannel channel;
    final long born = System.nanoTime();
    /** Tickets: the first {@code maxUses} get the socket, the next one renews it. */
    final AtomicInteger uses = new AtomicInteger();
    /** The pool's hold plus one per question; closed at zero, never held again. */
    final AtomicInteger holds = new AtomicInteger(1);
    final ConcurrentHashMap<Key, Waiter> waiters = new ConcurrentHashMap<>();

    Port(DatagramChannel channel) {
      this.channel = channel;
    }

    boolean retain() {
      for (int h = holds.get(); h > 0; h = holds.get()) {
        if (holds.compareAndSet(h, h + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      if (holds.decrementAndGet() == 0) {
        try {
          channel.close();
        } catch (IOException e) {
          Logger.debug("closing an upstream query socket: {}", e.getMessage());
        }
      }
    }
  }

  private final int maxUses;
  private final long maxAgeNanos;
  private final AtomicReferenceArray<Port> v4;
  private final AtomicReferenceArray<Port> v6;
  private final AtomicInteger opened = new AtomicInteger();
  private volatile boolean closed;

  QueryPorts() {
    this(SOCKETS, MAX_USES, MAX_AGE);
  }

  QueryPorts(int sockets, int maxUses, Duration maxAge) {
    this.maxUses = maxUses;
    this.maxAgeNanos = maxAge.toNanos();
    this.v4 = new AtomicReferenceArray<>(sockets);
    this.v6 = new AtomicReferenceArray<>(sockets);
  }

  /** Questions waiting for their reply now. */
  int waiting() {
    int n = 0;
    for (AtomicReferenceArray<Port> slots : List.of(v4, v6)) {
      for (int i = 0; i < slots.length(); i++) {
        Port port = slots.get(i);
        n += port == null ? 0 : port.waiters.size();
      }
    }
    return n;
  }

  /** Sockets put in use so far, retired ones included (not those that lost a race for a slot). */
  int opened() {
    return opened.get();
  }

  /**
   * Sends {@code query}, under a random ID of ours, to {@code upstream} and returns the first
   * reply from that address and port with that ID and question, or throws {@link Exchange.Timeout}
   * at the deadline.
   */
  Message ask(InetSocketAddress upstream, Message query, long deadlineNanos) throws IOException {
    Port port = lease(upstream.getAddress() instanceof Inet6Address);
    try {
      Waiter waiter = new Waiter(query, new CompletableFuture<>());
      Key key;
      do {
        int id = RANDOM.nextInt(0x10000);
        query.getHeader().setID(id);
        key = new Key(upstream, id);
      } while (port.waiters.putIfAbsent(key, waiter) != null);
      try {
        port.channel.send(ByteBuffer.wrap(query.toWire()), upstream);
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new Exchange.Timeout(upstream);
        }
        return waiter.reply.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new Exchange.Timeout(upstream);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for " + upstream);
      } catch (ExecutionException e) {
        throw new IOException(e.getCause());
      } finally {
        port.waiters.remove(key, waiter);
      }
    } finally {
      port.release();
    }
  }

  /** A socket of the family with a use left, renewing a spent one on the way. */
  private Port lease(boolean ipv6) throws IOException {
    AtomicReferenceArray<Port> slots = ipv6 ? v6 : v4;
    while (true) {
      if (closed) {
        throw new IOException("upstream query sockets closed");
      }
      int i = ThreadLocalRandom.current().nextInt(slots.length());
      Port port = slots.get(i);
      // Closed under us: an asker interrupted in send closes the channel for every user of it.
      if (port == null || port.uses.getAndIncrement() >= maxUses || System.nanoTime() - port.born > maxAgeNanos
          || !port.channel.isOpen()) {
        Port fresh = open(ipv6);
        if (slots.compareAndSet(i, port, fresh)) {
          if (port != null) {
            port.release();
          }
          if (closed && slots.compareAndSet(i, fresh, null)) {
            fresh.release();
            continue;
          }
          opened.incrementAndGet();
          port = fresh;
          port.uses.incrementAndGet();
        } else {
          fresh.release();
          continue;
        }
      }
      if (port.retain()) {
        return port;
      }
    }
  }

  private Port open(boolean ipv6) throws IOException {
    Port port = new Port(openOnRandomPort(ipv6));
    Thread.ofVirtual().name("loomdns-upstream-reader").start(() -> read(port));
    return port;
  }

  /** Hands each datagram that some question waits for to it; the rest are dropped unparsed. */
  private static void read(Port port) {
    ByteBuffer in = ByteBuffer.allocate(UDP_BUFFER);
    while (true) {
      in.clear();
      SocketAddress from;
      try {
        from = port.channel.receive(in);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!port.channel.isOpen()) {
          return;
        }
        Logger.debug("upstream query socket: {}", e.getMessage());
        continue;
      }
      in.flip();
      if (in.remaining() < HEADER) {
        continue;
      }
      Waiter waiter = port.waiters.get(new Key((InetSocketAddress) from, in.getShort(0) & 0xFFFF));
      if (waiter == null) {
        continue;
      }
      Message reply = Exchange.parse(in);
      if (reply != null && Exchange.matches(waiter.query, reply)) {
        waiter.reply.complete(reply);
      }
    }
  }

  /**
   * A channel bound to a random port of the family; the kernel's own ephemeral choice is the
   * fallback when the random ports we drew are all taken.
   */
  private static DatagramChannel openOnRandomPort(boolean ipv6) throws IOException {
    for (int i = 0; ; i++) {
      DatagramChannel channel = DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      int port = i < PORT_TRIES ? FIRST_PORT + RANDOM.nextInt(65536 - FIRST_PORT) : 0;
      try {
        channel.bind(new InetSocketAddress(ipv6 ? ANY_V6 : ANY_V4, port));
        return channel;
      } catch (IOException e) {
        channel.close();
        if (port == 0) {
          throw e;
        }
      }
    }
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Stops handing out sockets; each closes when the questions sent from it are done. */
  @Override
  public void close() {
    closed = true;
    for (AtomicReferenceArray<Port> slots : List.of(v4, v6)) {
      for (int i = 0; i < slots.length(); i++) {
        Port port = slots.getAndSet(i, null);
        if (port != null) {
          port.release();
        }
      }
    }
  }
}
