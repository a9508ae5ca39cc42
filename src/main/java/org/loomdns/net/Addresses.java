package org.loomdns.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Addresses as people write them: IPv6 in its shortest form (RFC 5952), ports after a '#'. */
public final class Addresses {

  private Addresses() {}

  public static String text(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 section 4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /** "192.0.2.1#53" or "2001:db8::1#53", as dig and BIND write a server and port. */
  public static String text(InetSocketAddress address) {
    return text(address.getAddress()) + "#" + address.getPort();
  }

  /**
   * {@code HOST:PORT} or {@code [V6]:PORT}, the port 0 to 65535, as an unresolved address (no
   * lookup here); null when the text is not of that form.
   */
  public static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int port;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    return host.isEmpty() || port < 0 || port > 65535 ? null : InetSocketAddress.createUnresolved(host, port);
  }
}
