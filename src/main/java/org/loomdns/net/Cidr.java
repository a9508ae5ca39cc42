package org.loomdns.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** An address range such as 192.0.2.0/24 or 2001:db8::/32; a bare address is a range of one. */
public record Cidr(InetAddress network, int prefix) {

  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix /" + prefix + " is out of range for " + network.getHostAddress());
    }
  }

  /** Parses "ADDRESS" or "ADDRESS/PREFIX"; only literal addresses, never a name lookup. */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (!addr.matches("[0-9a-fA-F:.%]+") || addr.isEmpty()) {
      throw new IllegalArgumentException("not an address range: " + text);
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(addr);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address range: " + text);
    }
    int bits = network.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an address range: " + text);
    }
    return new Cidr(network, prefix);
  }

  /** Whether {@code address} is in any of {@code ranges}. */
  public static boolean anyContains(List<Cidr> ranges, InetAddress address) {
    for (Cidr c : ranges) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code address} is in this range; IPv4-mapped IPv6 addresses count as IPv4. */
  public boolean contains(InetAddress address) {
    byte[] a = unmap(address.getAddress());
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }

  private static byte[] unmap(byte[] a) {
    if (a.length != 16) {
      return a;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return a;
      }
    }
    if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
      return a;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
