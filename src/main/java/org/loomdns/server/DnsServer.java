package org.loomdns.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.chain.ResolverChain;
import org.loomdns.net.Addresses;
import org.loomdns.ratelimit.ResponseRateLimiter;
import org.loomdns.stats.CacheReading;
import org.loomdns.stats.Drops;
import org.loomdns.transferwire.TransferWire;
import org.loomdns.tsig.TsigKeys;
import org.tinylog.Logger;

/**
 * A UDP and a TCP listener on one port for each address we serve, all answering through one
 * {@link QueryProcessor}.
 */
public final class DnsServer implements AutoCloseable {

  /** Why the server could not start, in one line a user can act on. */
  public static final class StartException extends Exception {
    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int EPHEMERAL_TRIES = 20;
  private static final java.time.Duration WATCH_INTERVAL = java.time.Duration.ofSeconds(5);

  private final ServerConfig config;
  private final QueryProcessor processor;
  private final Drops drops;
  /** Shared by every listener: the heap the queries in flight take is one heap. */
  private final QueryBytes bytes = new QueryBytes(QueryBytes.DEFAULT);
  private final List<UdpListener> udp = new ArrayList<>();
  private final List<TcpListener> tcp = new ArrayList<>();
  private int port;
  private ListenerWatch watch;

  public DnsServer(ServerConfig config, ResolverChain chain, String version) {
    this(config, chain, version, new Drops());
  }

  /** A server that counts what it sheds into {@code drops}, which the stages may share. */
  public DnsServer(ServerConfig config, ResolverChain chain, String version, Drops drops) {
    this(config, chain, version, drops, TsigKeys.NONE);
  }

  /**
   * A server that verifies signed requests with {@code keys} and signs its replies to them; a
   * request signed with any other key gets NOTAUTH.
   */
  public DnsServer(ServerConfig config, ResolverChain chain, String version, Drops drops, TsigKeys keys) {
    this(config, chain, version, drops, keys, null);
  }

  /** And telling {@code observer} (null for none) of every query, for metrics and query logs. */
  public DnsServer(ServerConfig config, ResolverChain chain, String version, Drops drops, TsigKeys keys,
      QueryObserver observer) {
    this(config, chain, version, drops, keys, observer, new TransferWire(TransferWire.DEFAULT_BOUND));
  }

  /**
   * And sending zone transfers with the answer sections {@code transferWire} keeps, which the
   * caller, who knows the zones, may have made ahead of the first client.
   */
  public DnsServer(ServerConfig config, ResolverChain chain, String version, Drops drops, TsigKeys keys,
      QueryObserver observer, TransferWire transferWire) {
    this.config = config;
    this.drops = drops;
    this.processor = new QueryProcessor(chain, config.maxUdpPayload(), config.logQueries(), version,
        config.packetCacheEntries(), ResponseRateLimiter.of(config.rateLimit(), config.rateLimitSlip(),
            config.rateLimitWindow(), drops), keys, drops, observer, transferWire);
  }

  /** Starts what the listeners of {@code config} will need and is slow to set up, in the background. */
  public static void prepare(ServerConfig config) {
    prepare(config.udpIo());
  }

  /** As {@link #prepare(ServerConfig)}, for listeners that will use {@code udpIo}; once per JVM. */
  public static void prepare(UdpIo udpIo) {
    UdpSockets.prepare(udpIo);
  }

  /** Binds every listener, or none: a failure closes what was bound and says why. */
  public DnsServer start() throws StartException {
    String noNative = config.udpIo() == UdpIo.NATIVE ? UdpSockets.nativeUnavailable() : null;
    if (noNative != null) {
      throw new StartException("--udp-io native is not available here: " + noNative + "; --udp-io auto falls back to jdk", null);
    }
    List<InetSocketAddress> binds = new ArrayList<>();
    if (config.addresses().isEmpty()) {
      binds.add(new InetSocketAddress(config.port()));
    } else {
      config.addresses().forEach(a -> binds.add(new InetSocketAddress(a, config.port())));
    }
    int tries = config.port() == 0 ? EPHEMERAL_TRIES : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        bindAll(binds);
        break;
      } catch (StartException e) {
        closeListeners();
        if (attempt >= tries) {
          throw e;
        }
      }
    }
    for (UdpListener u : udp) {
      u.start();
      Logger.info("listening on {} udp (receive buffer {} KiB, {} socket)", describe(u.localAddress()), bufferKib(u),
          u.socketKind());
    }
    for (TcpListener t : tcp) {
      t.start();
      Logger.info("listening on {} tcp", describe(t.localAddress()));
    }
    if (config.rateLimit() > 0) {
      Logger.info("rate limiting UDP replies: {} a second per client network and answer, slip {}, window {} s",
          config.rateLimit(), config.rateLimitSlip(), config.rateLimitWindow());
    }
    watch = new ListenerWatch(udp, WATCH_INTERVAL).start();
    return this;
  }

  private void bindAll(List<InetSocketAddress> binds) throws StartException {
    port = config.port();
    for (InetSocketAddress wanted : binds) {
      InetSocketAddress at = new InetSocketAddress(wanted.getAddress(), port);
      UdpListener u = bind(at, "udp", () -> new UdpListener(at, config, processor, drops, bytes));
      udp.add(u);
      // With port 0 the UDP socket picks the port, and TCP must take the same one.
      port = u.localAddress().getPort();
      InetSocketAddress same = new InetSocketAddress(wanted.getAddress(), port);
      tcp.add(bind(same, "tcp", () -> new TcpListener(same, config, processor, drops, bytes)));
    }
  }

  private interface Binder<T> {
    T bind() throws IOException;
  }

  private <T> T bind(InetSocketAddress at, String proto, Binder<T> binder) throws StartException {
    try {
      return binder.bind();
    } catch (BindException e) {
      String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (why.contains("permission") || why.contains("denied")) {
        throw new StartException("cannot listen on " + describe(at) + " " + proto + ": permission denied"
            + (at.getPort() < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --port 10053)" : ""), e);
      }
      if (why.contains("in use")) {
        throw new StartException("cannot listen on " + describe(at) + " " + proto
            + ": address already in use (another DNS server is running there? pick another --port)", e);
      }
      if (why.contains("assign")) {
        throw new StartException("cannot listen on " + describe(at) + " " + proto
            + ": no such address on this machine", e);
      }
      throw new StartException("cannot listen on " + describe(at) + " " + proto + ": " + e.getMessage(), e);
    } catch (SocketException e) {
      throw new StartException("cannot listen on " + describe(at) + " " + proto + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StartException("cannot listen on " + describe(at) + " " + proto + ": " + e, e);
    }
  }

  /** What the listeners have shed so far. */
  public Drops drops() {
    return drops;
  }

  /** The packet cache's counts and sizes now; null when it is off. */
  public CacheReading packetCache() {
    return processor.packetCache();
  }

  /** The port every listener is bound to (the chosen one when the config asked for 0). */
  public int port() {
    return port;
  }

  /**
   * Stops accepting, lets the queries in flight finish within the grace period, then closes
   * everything.
   */
  @Override
  public void close() {
    udp.forEach(UdpListener::stopAccepting);
    tcp.forEach(TcpListener::stopAccepting);
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    try {
      for (UdpListener u : udp) {
        u.drain(remaining(deadline));
      }
      for (TcpListener t : tcp) {
        t.drain(remaining(deadline));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeListeners();
  }

  private void closeListeners() {
    if (watch != null) {
      watch.close();
    }
    udp.forEach(UdpListener::close);
    tcp.forEach(TcpListener::close);
    udp.clear();
    tcp.clear();
  }

  private static java.time.Duration remaining(long deadline) {
    return java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static String bufferKib(UdpListener u) {
    try {
      return String.valueOf(u.receiveBuffer() / 1024);
    } catch (IOException e) {
      return "?";
    }
  }

  static String describe(InetSocketAddress a) {
    InetAddress addr = a.getAddress();
    String host = addr == null || addr.isAnyLocalAddress() ? "*" : Addresses.text(addr);
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
