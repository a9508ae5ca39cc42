package org.loomdns.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loomdns.cache.CacheResolver;
import org.loomdns.cache.CacheSettings;
import org.loomdns.forward.ForwardResolver;
import org.loomdns.forward.ForwardSettings;
import org.loomdns.forward.Policy;
import org.loomdns.net.Addresses;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;

/** The cache and forwarder stages the options ask for; either may be null. */
record Recursion(CacheResolver cache, ForwardResolver forwarder) implements AutoCloseable {

  static final Path SYSTEM_RESOLV_CONF = Path.of("/etc/resolv.conf");

  /**
   * Builds the stages, which count what they shed into {@code drops}, the server's; a wrong option
   * is an IllegalArgumentException, an unreadable resolv.conf an IOException.
   */
  static Recursion from(ServeOptions o, Drops drops) throws IOException {
    if (o.resolvConf != null && !o.forward.isEmpty()) {
      throw new IllegalArgumentException("--forward and --resolv-conf cannot be combined: pick one source of upstreams");
    }
    ForwardSettings settings = forwardSettings(o);
    CacheSettings cacheSettings = o.cache ? cacheSettings(o) : null;
    ForwardResolver forwarder = null;
    if (!o.forward.isEmpty()) {
      List<InetSocketAddress> upstreams = new ArrayList<>();
      o.forward.forEach(f -> upstreams.add(ForwardResolver.parseUpstream(f)));
      forwarder = ForwardResolver.to(upstreams, settings, drops);
    } else if (o.recursive || o.resolvConf != null) {
      Path file = o.resolvConf != null ? o.resolvConf : SYSTEM_RESOLV_CONF;
      try {
        forwarder = ForwardResolver.fromResolvConf(file, settings, drops);
      } catch (IOException e) {
        throw new IOException(file + ": cannot read it (" + e.getMessage() + ")", e);
      }
    }
    if (forwarder != null) {
      forwarder.upstreams().stream().filter(u -> u.getPort() == o.port && local(u)).forEach(u ->
          Logger.warn("upstream {} is this machine on our own port: loomdns would ask itself, and such "
              + "questions end in SERVFAIL", Addresses.text(u)));
      Logger.info("forwarding to {} ({}, {} ms per upstream, {} ms per query)",
          forwarder.upstreams().stream().map(Addresses::text).toList(),
          settings.policy().label(), settings.timeout().toMillis(), settings.budget().toMillis());
    }
    CacheResolver cache = null;
    if (cacheSettings != null) {
      if (forwarder == null) {
        Logger.warn("--cache without --recursive or --forward: nothing behind the cache to keep answers from");
      }
      cache = new CacheResolver(cacheSettings, drops);
      Logger.info("caching up to {}; an answer over {} bytes is not kept", cacheSettings.describeSize(),
          cacheSettings.largestEntry());
    }
    return new Recursion(cache, forwarder);
  }

  private static boolean local(InetSocketAddress upstream) {
    var a = upstream.getAddress();
    try {
      return a.isLoopbackAddress() || a.isAnyLocalAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  private static ForwardSettings forwardSettings(ServeOptions o) {
    if (o.forwardTimeout < 1 || o.forwardBudget < 1 || o.forwardProbeInterval < 1) {
      throw new IllegalArgumentException("--forward-timeout, --forward-budget and --forward-probe-interval must be at least 1 ms");
    }
    if (o.forwardAttempts < 1 || o.forwardDownAfter < 1) {
      throw new IllegalArgumentException("--forward-attempts and --forward-down-after must be at least 1");
    }
    return new ForwardSettings(Duration.ofMillis(o.forwardTimeout), Duration.ofMillis(o.forwardBudget),
        o.forwardAttempts, Policy.parse(o.forwardPolicy), o.forwardDownAfter,
        Duration.ofMillis(o.forwardProbeInterval));
  }

  private static CacheSettings cacheSettings(ServeOptions o) {
    if (o.cacheMinTtl < 0 || o.cacheMaxTtl < 0) {
      throw new IllegalArgumentException("--cache-min-ttl and --cache-max-ttl must be 0 or more");
    }
    return CacheSettings.defaults()
        .withSize(o.cacheSize)
        .withTtls(Duration.ofSeconds(o.cacheMinTtl), Duration.ofSeconds(o.cacheMaxTtl))
        .withServfailTtl(Duration.ofSeconds(o.cacheServfailTtl))
        .withPrefetch(!o.noPrefetch)
        .withServeStale(!o.noServeStale);
  }

  @Override
  public void close() {
    if (forwarder != null) {
      forwarder.close();
    }
  }
}
