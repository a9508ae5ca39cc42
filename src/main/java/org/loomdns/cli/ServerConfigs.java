package org.loomdns.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.loomdns.server.ServerConfig;
import org.loomdns.server.UdpIo;

/** The listeners' settings the options ask for; a wrong value is an IllegalArgumentException. */
final class ServerConfigs {

  private ServerConfigs() {}

  static ServerConfig of(ServeOptions o) {
    if (o.port < 0 || o.port > 65535) {
      throw new IllegalArgumentException("--port must be 0 to 65535, not " + o.port);
    }
    if (o.tcpIdleTimeout < 1) {
      throw new IllegalArgumentException("--tcp-idle-timeout must be at least 1 second");
    }
    if (o.maxTcpConnections < 1) {
      throw new IllegalArgumentException("--max-tcp-connections must be at least 1");
    }
    if (o.rateLimit < 0 || o.rateLimitSlip < 0) {
      throw new IllegalArgumentException("--rate-limit and --rate-limit-slip must be 0 or more");
    }
    if (o.rateLimitWindow < 1 || (long) o.rateLimit * o.rateLimitWindow > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--rate-limit-window must be at least 1, and times --rate-limit below 2^31");
    }
    UdpIo udpIo = switch (o.udpIo.toLowerCase(Locale.ROOT)) {
      case "auto" -> UdpIo.AUTO;
      case "native" -> UdpIo.NATIVE;
      case "jdk" -> UdpIo.JDK;
      default -> throw new IllegalArgumentException("--udp-io takes auto, native or jdk, not " + o.udpIo);
    };
    List<InetAddress> addresses = new ArrayList<>();
    for (String i : o.interfaces) {
      addresses.add(address(i));
    }
    ServerConfig d = ServerConfig.defaults(addresses, o.port);
    return new ServerConfig(addresses, o.port, o.maxUdpPayload, d.udpReceiveBuffer(), d.maxUdpInFlight(),
        o.maxTcpConnections, d.maxTcpPipeline(), java.time.Duration.ofSeconds(o.tcpIdleTimeout),
        d.shutdownGrace(), o.verbosity > 0, o.packetCache, udpIo,
        o.rateLimit, o.rateLimitSlip, o.rateLimitWindow);
  }

  private static InetAddress address(String text) {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!t.matches("[0-9a-fA-F:.%]+")) {
      throw new IllegalArgumentException("--interface takes an IP address, not " + text);
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--interface takes an IP address, not " + text);
    }
  }
}
