package org.loomdns.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The upstream resolvers to ask, in the order given, with the per-upstream timeout and the number
 * of rounds over them when the source says (resolv.conf {@code options timeout:} and
 * {@code attempts:}); null and 0 leave the forwarder's own settings in force.
 */
record Upstreams(List<InetSocketAddress> servers, Duration timeout, int attempts) {

  Upstreams {
    servers = List.copyOf(servers);
  }

  static Upstreams of(List<InetSocketAddress> servers) {
    return new Upstreams(servers, null, 0);
  }
}
