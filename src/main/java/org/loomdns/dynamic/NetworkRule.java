package org.loomdns.dynamic;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.loomdns.chain.Outcome;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code --dynamic PATTERN NETWORK}: {@code PATTERN<N>.<anything>} has the address NETWORK.N. N
 * outside 0 to 255 is NXDOMAIN; a matching name of another type is NODATA, since the name exists
 * but has no such record; every other name passes.
 */
public final class NetworkRule {

  private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d");
  private static final Pattern NETWORK = Pattern.compile("(" + OCTET + ")\\.(" + OCTET + ")\\.(" + OCTET + ")\\.?");

  private final String pattern;
  private final byte[] network;

  private NetworkRule(String pattern, byte[] network) {
    this.pattern = pattern;
    this.network = network;
  }

  /**
   * @param pattern the first label's fixed part, such as "workstation"
   * @param network the first three octets, such as "172.0.2"
   * @throws IllegalArgumentException saying which of the two is wrong
   */
  public static NetworkRule parse(String pattern, String network) {
    if (pattern.isEmpty() || !pattern.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("--dynamic: '" + pattern + "' must be the start of a label (letters, digits, '-', '_')");
    }
    var m = NETWORK.matcher(network);
    if (!m.matches()) {
      throw new IllegalArgumentException("--dynamic: '" + network + "' must be three octets, as in 172.0.2");
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 3; i++) {
      b[i] = (byte) Integer.parseInt(m.group(i + 1));
    }
    return new NetworkRule(pattern, b);
  }

  Rule rule() {
    Match match = Match.name(com.google.re2j.Pattern.quote(pattern) + "(\\d+)\\..+");
    return new Rule(match, this::answer, "--dynamic " + pattern, 0, false);
  }

  private Object answer(Question q, Captures m) throws UnknownHostException {
    String digits = m.get(1);
    int n = digits.length() > 3 ? 256 : Integer.parseInt(digits);
    if (n > 255) {
      return Replies.answer(Rcode.NXDOMAIN, java.util.Map.of(), null);
    }
    if (q.getType() != Type.A) {
      return Replies.answer(Rcode.NOERROR, java.util.Map.of(), null);
    }
    byte[] address = network.clone();
    address[3] = (byte) n;
    return new Outcome.Answer(Rcode.NOERROR, true,
        List.of(new ARecord(q.getQuery().name(), DClass.IN, RuleLoader.DEFAULT_TTL, InetAddress.getByAddress(address))),
        List.of(), List.of());
  }
}
