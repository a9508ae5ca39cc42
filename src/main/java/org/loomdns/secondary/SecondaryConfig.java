package org.loomdns.secondary;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.net.HostPort;
import org.loomdns.tsig.TsigKey;
import org.loomdns.tsig.TsigKeys;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One secondary zone as configured: its origin and its primaries in the order they are tried.
 * Parsed from {@code --secondary ADDR[:PORT]/ZONE[/key:NAME]}, Twisted's form plus a TSIG key;
 * several options for one zone give it several primaries.
 */
public record SecondaryConfig(Name origin, List<Primary> primaries) {

  public static final String OPTION = "--secondary";
  private static final int DNS_PORT = 53;

  public SecondaryConfig {
    primaries = List.copyOf(primaries);
  }

  /** Every {@code --secondary} value, grouped by zone in the order first given. */
  public static List<SecondaryConfig> parse(List<String> specs, TsigKeys keys) {
    Map<Name, List<Primary>> byZone = new LinkedHashMap<>();
    for (String spec : specs) {
      String[] parts = spec.split("/", -1);
      if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw bad(spec, "takes ADDR[:PORT]/ZONE[/key:NAME]");
      }
      Name origin;
      try {
        origin = Name.fromString(parts[1], Name.root);
      } catch (TextParseException e) {
        throw bad(spec, "bad zone name " + parts[1]);
      }
      TsigKey key = null;
      if (parts.length == 3) {
        if (!parts[2].regionMatches(true, 0, "key:", 0, 4) || parts[2].length() == 4) {
          throw bad(spec, "the third part names a TSIG key as key:NAME, not " + parts[2]);
        }
        key = keys.require(parts[2].substring(4), OPTION + " " + spec);
      }
      Primary primary = new Primary(address(spec, parts[0]), key);
      List<Primary> list = byZone.computeIfAbsent(origin, o -> new ArrayList<>());
      if (list.stream().anyMatch(p -> p.address().equals(primary.address()))) {
        throw bad(spec, "names primary " + primary.address() + " for " + origin + " twice");
      }
      list.add(primary);
    }
    List<SecondaryConfig> out = new ArrayList<>();
    byZone.forEach((origin, primaries) -> out.add(new SecondaryConfig(origin, primaries)));
    return out;
  }

  /** {@code 192.0.2.1}, {@code 192.0.2.1:5300}, {@code ::1}, {@code [::1]:5300}: IP literals only. */
  private static InetSocketAddress address(String spec, String text) {
    HostPort hp;
    try {
      hp = HostPort.split(text, DNS_PORT);
    } catch (HostPort.Malformed e) {
      throw bad(spec, e.problem() == HostPort.Problem.PORT
          ? "the port must be 1 to 65535, not " + e.part() : "an IPv6 primary is [ADDR] or [ADDR]:PORT");
    }
    try {
      // dnsjava's Address parses literals only: a host name is an error here, never a lookup.
      return new InetSocketAddress(Address.getByAddress(hp.host()), hp.port());
    } catch (UnknownHostException e) {
      throw bad(spec, "the primary must be an IP address, not " + hp.host());
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException(OPTION + " " + spec + ": " + why);
  }
}
