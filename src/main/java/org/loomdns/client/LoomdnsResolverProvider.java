package org.loomdns.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.stream.Stream;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Type;

/**
 * Twisted's {@code installResolver}, the JDK's way: with {@code -Dloomdns.resolver=SERVER[,SERVER…]}
 * ({@code ADDRESS} or {@code ADDRESS#PORT}) and loomdns on the class path, every {@link InetAddress}
 * lookup of the JVM goes through a {@link DnsClient} for those servers, after the system hosts
 * file. Without the property the JDK's own resolver stays, so having loomdns on the class path
 * changes nothing by itself.
 */
public final class LoomdnsResolverProvider extends InetAddressResolverProvider {

  /** The system property naming the servers. */
  public static final String PROPERTY = "loomdns.resolver";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    String servers = System.getProperty(PROPERTY, "").strip();
    if (servers.isEmpty()) {
      return configuration.builtinResolver();
    }
    DnsClient.Builder b = DnsClient.builder().systemHostsFile();
    for (String server : servers.split("\\s*,\\s*")) {
      b.server(server);
    }
    return new Resolver(b.build());
  }

  @Override
  public String name() {
    return "loomdns";
  }

  private record Resolver(DnsClient client) implements InetAddressResolver {

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
      int c = policy.characteristics();
      boolean v4 = (c & LookupPolicy.IPV4) != 0;
      boolean v6 = (c & LookupPolicy.IPV6) != 0;
      int[] types = !v6 ? new int[] {Type.A}
          : !v4 ? new int[] {Type.AAAA}
          : (c & LookupPolicy.IPV6_FIRST) != 0 ? new int[] {Type.AAAA, Type.A}
          : new int[] {Type.A, Type.AAAA};
      List<InetAddress> found;
      try {
        found = client.getAllByName(host, types);
      } catch (DnsLookupException | IllegalArgumentException e) {
        throw unknown(host, e);
      }
      if (found.isEmpty()) {
        throw new UnknownHostException(host + ": no address");
      }
      return found.stream();
    }

    @Override
    public String lookupByAddress(byte[] address) throws UnknownHostException {
      String text = InetAddress.getByAddress(address).getHostAddress();
      try {
        List<PTRRecord> names = client.reverseLookup(text).answers(PTRRecord.class);
        if (names.isEmpty()) {
          throw new UnknownHostException(text + ": no PTR record");
        }
        return names.get(0).getTarget().toString(true);
      } catch (DnsLookupException e) {
        throw unknown(text, e);
      }
    }

    private static UnknownHostException unknown(String what, Exception cause) {
      UnknownHostException e = new UnknownHostException(what + ": " + cause.getMessage());
      e.initCause(cause);
      return e;
    }
  }
}
