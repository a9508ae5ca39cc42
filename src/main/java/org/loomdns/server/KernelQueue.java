package org.loomdns.server;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the kernel holds for a UDP socket that nobody has read yet, from Linux's
 * {@code /proc/net/udp} and {@code /proc/net/udp6}: the same figure for our own socket and the
 * JDK's channel, without a system call on the socket itself.
 */
final class KernelQueue {

  private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

  private KernelQueue() {}

  /** Bytes waiting in the receive queue of the socket bound to {@code local}; -1 when it cannot be told. */
  static long queued(InetSocketAddress local) {
    long found = -1;
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        long q = queued(line.trim().split("\\s+"), local);
        found = Math.max(found, q);
      }
    }
    return found;
  }

  /** The rx_queue of one table row when it is {@code local}'s socket, else -1. */
  static long queued(String[] row, InetSocketAddress local) {
    if (row.length < 5) {
      return -1;
    }
    int colon = row[1].indexOf(':');
    if (colon < 0 || Integer.parseInt(row[1].substring(colon + 1), 16) != local.getPort()) {
      return -1;
    }
    InetAddress at = address(row[1].substring(0, colon));
    InetAddress ours = local.getAddress();
    // A dual-stack socket's ::ffff:a.b.c.d reads as a.b.c.d here, as the JDK reports it.
    boolean same = at != null && (at.equals(ours) || at.isAnyLocalAddress() && ours.isAnyLocalAddress());
    if (!same) {
      return -1;
    }
    String queues = row[4];
    return Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
  }

  /** The kernel writes each 32-bit word of an address in the host's (little-endian) order. */
  private static InetAddress address(String hex) {
    byte[] raw = new BigInteger("1" + hex, 16).toByteArray();
    byte[] bytes = new byte[hex.length() / 2];
    System.arraycopy(raw, raw.length - bytes.length, bytes, 0, bytes.length);
    for (int word = 0; word + 4 <= bytes.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = bytes[word + i];
        bytes[word + i] = bytes[word + 3 - i];
        bytes[word + 3 - i] = b;
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
