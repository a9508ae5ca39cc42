package org.loomdns.server;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.loomdns.server.MessageBatch.NAME;

import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;

/** Socket addresses between the JDK's form and the kernel's {@code sockaddr_in} and {@code sockaddr_in6}. */
final class SocketAddresses {

  static final int AF_INET = 2;
  static final int AF_INET6 = 10;

  private SocketAddresses() {}

  /** Writes {@code to} as a sockaddr of {@code family} into {@code name}, all zeros; returns its length. */
  static int encode(InetSocketAddress to, byte[] name, int family) throws SocketException {
    InetAddress address = to.getAddress();
    if (address == null) {
      throw new SocketException("unresolved address " + to);
    }
    byte[] raw = address.getAddress();
    int port = to.getPort();
    name[2] = (byte) (port >>> 8);
    name[3] = (byte) port;
    if (family == AF_INET) {
      if (raw.length != 4) {
        throw new SocketException("an IPv4 socket cannot send to " + to);
      }
      putFamily(name, AF_INET);
      System.arraycopy(raw, 0, name, 4, 4);
      return 16;
    }
    putFamily(name, AF_INET6);
    if (address.isAnyLocalAddress()) {
      return NAME;
    }
    if (raw.length == 4) {
      name[18] = (byte) 0xff;
      name[19] = (byte) 0xff;
      System.arraycopy(raw, 0, name, 20, 4);
    } else {
      System.arraycopy(raw, 0, name, 8, 16);
      int scope = ((Inet6Address) address).getScopeId();
      name[24] = (byte) scope;
      name[25] = (byte) (scope >>> 8);
      name[26] = (byte) (scope >>> 16);
      name[27] = (byte) (scope >>> 24);
    }
    return NAME;
  }

  /** The sockaddr's family field is in the machine's byte order; both targets are little-endian. */
  private static void putFamily(byte[] name, int family) {
    name[0] = (byte) family;
    name[1] = (byte) (family >>> 8);
  }

  /** A sockaddr as the JDK would give it; getByAddress turns an IPv4-mapped address into IPv4. */
  static InetSocketAddress decode(MemorySegment name) throws UnknownHostException {
    int family = name.get(JAVA_SHORT, 0);
    int port = ((name.get(JAVA_BYTE, 2) & 0xff) << 8) | (name.get(JAVA_BYTE, 3) & 0xff);
    if (family == AF_INET) {
      return new InetSocketAddress(InetAddress.getByAddress(name.asSlice(4, 4).toArray(JAVA_BYTE)), port);
    }
    byte[] raw = name.asSlice(8, 16).toArray(JAVA_BYTE);
    int scope = name.get(JAVA_INT, 24);
    return new InetSocketAddress(scope == 0 ? InetAddress.getByAddress(raw)
        : Inet6Address.getByAddress(null, raw, scope), port);
  }
}
