package org.loomdns.hosts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;

/**
 * One reading of a hosts file: {@code ADDRESS NAME [ALIAS…]} per line, {@code #} to the end of a
 * line a comment. Names are matched without regard to case (DNS names are); the first name of a
 * line is the address's name for reverse lookups, as the C library takes it. A line that is not
 * of that form is skipped with a warning naming file and line, as the C library skips it.
 * Immutable.
 */
public final class HostsFile {

  /** The file had more than this many lines: the rest is not read, and a warning says so. */
  static final int MAX_LINES = 1_000_000;

  private final Map<Name, List<InetAddress>> addresses;
  private final Map<Name, Name> names;

  private HostsFile(Map<Name, List<InetAddress>> addresses, Map<Name, Name> names) {
    this.addresses = addresses;
    this.names = names;
  }

  static HostsFile read(Path file) throws IOException {
    Map<Name, List<InetAddress>> addresses = new LinkedHashMap<>();
    Map<Name, Name> names = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String[] f = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
      if (f.length == 1 && f[0].isEmpty()) {
        continue;
      }
      InetAddress address = address(f[0]);
      if (address == null || f.length < 2) {
        Logger.warn("{}:{}: not ADDRESS NAME [ALIAS...]: {}", file, i + 1, line.strip());
        continue;
      }
      for (int k = 1; k < f.length; k++) {
        Name name = name(f[k]);
        if (name == null) {
          Logger.warn("{}:{}: not a host name: {}", file, i + 1, f[k]);
          continue;
        }
        List<InetAddress> list = addresses.computeIfAbsent(name, n -> new ArrayList<>());
        if (!list.contains(address)) {
          list.add(address);
        }
        if (k == 1) {
          names.putIfAbsent(ReverseMap.fromAddress(address), name);
        }
      }
    }
    if (lines.size() > MAX_LINES) {
      Logger.warn("{}: only the first {} lines are read", file, MAX_LINES);
    }
    Map<Name, List<InetAddress>> frozen = new HashMap<>();
    addresses.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new HostsFile(Map.copyOf(frozen), Map.copyOf(names));
  }

  /**
   * The addresses of {@code name}, both families; null when the file does not list it. Names
   * compare without regard to case (dnsjava's equals and hashCode), so the question's name is
   * looked up as it came.
   */
  List<InetAddress> addresses(Name name) {
    return addresses.get(name);
  }

  /** The name of the address whose reverse name is {@code reverse}, or null. */
  Name name(Name reverse) {
    return names.get(reverse);
  }

  int size() {
    return addresses.size();
  }

  private static InetAddress address(String text) {
    if (!text.matches("[0-9a-fA-F:.]+(%[A-Za-z0-9_.-]+)?") || !(text.contains(".") || text.contains(":"))) {
      return null;
    }
    try {
      return InetAddress.getByName(text.contains("%") ? text.substring(0, text.indexOf('%')) : text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root).canonicalize();
    } catch (TextParseException e) {
      return null;
    }
  }
}
