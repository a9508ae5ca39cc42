package org.loomdns.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.loomdns.ratelimit.ResponseRateLimiter;

/**
 * Everything a running server is bounded by.
 *
 * @param addresses where to listen; empty means every address, IPv4 and IPv6
 * @param port the one port for UDP and TCP; 0 picks a free one (for tests)
 * @param maxUdpPayload the largest UDP reply we send to an EDNS client (RFC 6891 section 6.2.5)
 * @param udpReceiveBuffer the socket receive buffer we ask the kernel for, in bytes
 * @param maxUdpInFlight UDP queries being answered at once; more are dropped, as a loaded server must
 * @param maxTcpConnections open TCP connections at once; at the cap a new one evicts the longest-idle one
 * @param maxTcpPipeline queries of one TCP connection being answered at once (RFC 7766 section 6.2.1.1)
 * @param tcpIdleTimeout how long a TCP connection may wait for its next whole query (RFC 7766 section 6.2.3)
 * @param shutdownGrace how long queries in flight may finish after a stop is asked for
 * @param logQueries one log line per query
 * @param packetCacheEntries encoded replies kept for repeated questions (zone answers, cache hits); 0 for none
 * @param udpIo which UDP socket the listeners use
 * @param rateLimit UDP replies a second per client network and reply identity; 0 for no rate limiting
 * @param rateLimitSlip every this many rate-limited replies one goes out truncated; 0 drops them all
 * @param rateLimitWindow seconds of debt a rate-limited client must make good before it is answered again
 */
public record ServerConfig(
    List<InetAddress> addresses,
    int port,
    int maxUdpPayload,
    int udpReceiveBuffer,
    int maxUdpInFlight,
    int maxTcpConnections,
    int maxTcpPipeline,
    Duration tcpIdleTimeout,
    Duration shutdownGrace,
    boolean logQueries,
    int packetCacheEntries,
    UdpIo udpIo,
    int rateLimit,
    int rateLimitSlip,
    int rateLimitWindow) {

  public static final int DEFAULT_MAX_UDP_PAYLOAD = 1232;
  public static final int DEFAULT_PACKET_CACHE = 100_000;

  public ServerConfig {
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(udpIo, "udpIo");
    if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
      throw new IllegalArgumentException("the largest UDP reply must be 512 to 65535 bytes, not " + maxUdpPayload);
    }
    if (packetCacheEntries < 0) {
      throw new IllegalArgumentException("the packet cache holds 0 or more replies, not " + packetCacheEntries);
    }
    if (rateLimit < 0 || rateLimitSlip < 0 || rateLimitWindow < 1
        || (long) rateLimit * rateLimitWindow > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rate limit " + rateLimit + ", slip " + rateLimitSlip + ", window "
          + rateLimitWindow + ": the rate and slip must be 0 or more, the window at least 1 second");
    }
  }

  /** The defaults, listening on {@code addresses} at {@code port}. */
  public static ServerConfig defaults(List<InetAddress> addresses, int port) {
    return new ServerConfig(addresses, port, DEFAULT_MAX_UDP_PAYLOAD, 8 << 20, 10_000, 1_000, 64,
        Duration.ofSeconds(10), Duration.ofSeconds(5), false, DEFAULT_PACKET_CACHE, UdpIo.AUTO,
        0, ResponseRateLimiter.DEFAULT_SLIP, ResponseRateLimiter.DEFAULT_WINDOW);
  }

  public ServerConfig withLogQueries(boolean on) {
    return new ServerConfig(addresses, port, maxUdpPayload, udpReceiveBuffer, maxUdpInFlight,
        maxTcpConnections, maxTcpPipeline, tcpIdleTimeout, shutdownGrace, on, packetCacheEntries, udpIo,
        rateLimit, rateLimitSlip, rateLimitWindow);
  }
}
