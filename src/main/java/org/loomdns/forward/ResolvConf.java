package org.loomdns.forward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.loomdns.net.Addresses;
import org.tinylog.Logger;

/**
 * The upstreams of a resolv.conf file, read as the C resolver library reads it: {@code nameserver}
 * lines (IPv4 or IPv6, port 53), {@code options timeout:N attempts:N}, 127.0.0.1 when the file
 * names no nameserver. The file is looked at again, at most once a second, and re-read when its
 * modification time or size changed, so an edited or DHCP-rewritten resolv.conf takes effect
 * without a restart.
 */
final class ResolvConf implements Supplier<Upstreams> {

  /** The resolver library's cap on {@code timeout:} (RES_MAXRETRANS is 30 s). */
  private static final int MAX_TIMEOUT_SECONDS = 30;
  /** The resolver library's cap on {@code attempts:} (RES_MAXRETRY). */
  private static final int MAX_ATTEMPTS = 5;
  private static final long RECHECK_NANOS = Duration.ofSeconds(1).toNanos();

  private record Seen(FileTime modified, long size, Upstreams upstreams, long checkedAt) {}

  private final Path file;
  /** Replaced whole, never changed in place; a race between two re-reads only reads twice. */
  private volatile Seen seen;

  ResolvConf(Path file) throws IOException {
    this.file = file;
    this.seen = read(System.nanoTime());
  }

  @Override
  public Upstreams get() {
    Seen s = seen;
    long now = System.nanoTime();
    if (now - s.checkedAt() < RECHECK_NANOS) {
      return s.upstreams();
    }
    try {
      if (Files.getLastModifiedTime(file).equals(s.modified()) && Files.size(file) == s.size()) {
        seen = new Seen(s.modified(), s.size(), s.upstreams(), now);
      } else {
        seen = read(now);
        Logger.info("{} changed: upstreams now {}", file, texts(seen.upstreams()));
      }
    } catch (IOException e) {
      Logger.warn("cannot re-read {} ({}); keeping upstreams {}", file, e.toString(), texts(s.upstreams()));
      seen = new Seen(s.modified(), s.size(), s.upstreams(), now);
    }
    return seen.upstreams();
  }

  private static List<String> texts(Upstreams u) {
    return u.servers().stream().map(Addresses::text).toList();
  }

  private Seen read(long now) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    return new Seen(modified, size, parse(file, Files.readAllLines(file)), now);
  }

  /** Parses resolv.conf lines; a line we cannot use is logged with its number and skipped. */
  static Upstreams parse(Path file, List<String> lines) {
    List<InetSocketAddress> servers = new ArrayList<>();
    Duration timeout = null;
    int attempts = 0;
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (words[0].equals("nameserver") && words.length >= 2) {
        InetAddress a = literal(words[1]);
        if (a == null) {
          Logger.warn("{}:{}: not an IP address: {}", file, n, words[1]);
        } else {
          servers.add(new InetSocketAddress(a, 53));
        }
      } else if (words[0].equals("options")) {
        for (int i = 1; i < words.length; i++) {
          Integer t = option(words[i], "timeout:", MAX_TIMEOUT_SECONDS);
          Integer r = option(words[i], "attempts:", MAX_ATTEMPTS);
          if (t != null) {
            timeout = Duration.ofSeconds(Math.max(1, t));
          }
          if (r != null) {
            attempts = Math.max(1, r);
          }
        }
      }
    }
    if (servers.isEmpty()) {
      servers.add(new InetSocketAddress(literal("127.0.0.1"), 53));
    }
    return new Upstreams(servers, timeout, attempts);
  }

  private static Integer option(String word, String prefix, int max) {
    if (!word.startsWith(prefix)) {
      return null;
    }
    try {
      return Math.min(Integer.parseInt(word.substring(prefix.length())), max);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An IP literal (an IPv6 one may carry a %zone), never a host name to look up. */
  static InetAddress literal(String text) {
    if (!text.matches("[0-9a-fA-F:.]+(%[\\w.-]+)?") || !(text.contains(".") || text.contains(":"))) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      return null;
    }
  }
}
