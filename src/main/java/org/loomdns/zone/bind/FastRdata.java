package org.loomdns.zone.bind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Builds the records of the frequent types straight from their fields, accepting only what
 * dnsjava's own parser of that type accepts and reads the same way. Whatever it is unsure of it
 * answers null for, and the record is then dnsjava's to read, with dnsjava's error if it is wrong.
 */
final class FastRdata {

  /** More distinct rdata names than this are not worth keeping: the map starts again. */
  private static final int NAMES_KEPT = 4096;

  /** Names seen in rdata under the current origin (mail servers, name servers), parsed once. */
  private final Map<String, Name> names = new HashMap<>();
  private Name origin;

  FastRdata(Name origin) {
    this.origin = origin;
  }

  /** After a $ORIGIN: relative names now mean something else. */
  void origin(Name now) {
    if (!now.equals(origin)) {
      names.clear();
    }
    origin = now;
  }

  /** The record of these rdata fields (from {@code first} on), or null when dnsjava must read it. */
  Record build(Name owner, int type, int dclass, long ttl, Fields f, int first) {
    int n = f.count() - first;
    for (int i = first; i < f.count() && type != Type.TXT; i++) {
      if (f.quoted(i)) {
        return null;
      }
    }
    try {
      return switch (type) {
        case Type.A -> n != 1 ? null : address(owner, dclass, ttl, f.get(first), Address.IPv4);
        case Type.AAAA -> n != 1 ? null : address(owner, dclass, ttl, f.get(first), Address.IPv6);
        case Type.NS, Type.CNAME, Type.PTR -> n != 1 ? null : singleName(owner, type, dclass, ttl, f.get(first));
        case Type.MX -> mx(owner, dclass, ttl, f, first, n);
        case Type.SRV -> srv(owner, dclass, ttl, f, first, n);
        case Type.SOA -> soa(owner, dclass, ttl, f, first, n);
        case Type.TXT -> txt(owner, dclass, ttl, f, first, n);
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Record address(Name owner, int dclass, long ttl, String text, int family) {
    byte[] bytes = family == Address.IPv6 ? ipv6(text) : Address.toByteArray(text, family);
    if (bytes == null) {
      return null;
    }
    return family == Address.IPv4 ? new ARecord(owner, dclass, ttl, bytes) : new AAAARecord(owner, dclass, ttl, bytes);
  }

  private Record singleName(Name owner, int type, int dclass, long ttl, String text) {
    Name target = name(text);
    if (target == null) {
      return null;
    }
    return switch (type) {
      case Type.NS -> new NSRecord(owner, dclass, ttl, target);
      case Type.CNAME -> new CNAMERecord(owner, dclass, ttl, target);
      default -> new PTRRecord(owner, dclass, ttl, target);
    };
  }

  /**
   * Groups of hex digits and one "::" at most: this address as dnsjava reads it; null for anything
   * else (an IPv4 tail, which dnsjava then reads). Ours because dnsjava's splits with a regular
   * expression, a fifth of reading a zone of hosts (docs/benchmark.md, zone transfers);
   * RecordReaderDifferentialSpec holds it to dnsjava's.
   */
  static byte[] ipv6(String text) {
    int[] starts = new int[11];
    int[] ends = new int[11];
    int tokens = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ':') {
        if (tokens == starts.length) {
          return null;
        }
        starts[tokens] = start;
        ends[tokens++] = i;
        start = i + 1;
      } else if (Character.digit(text.charAt(i), 16) < 0) {
        return null;
      }
    }
    int first = 0;
    int last = tokens - 1;
    // One leading or trailing colon is wrong; two are a "::" at that end.
    if (ends[first] == starts[first]) {
      if (last == first || ends[first + 1] != starts[first + 1]) {
        return null;
      }
      first++;
    }
    if (ends[last] == starts[last]) {
      if (last == first || ends[last - 1] != starts[last - 1]) {
        return null;
      }
      last--;
    }
    if (last - first + 1 > 8) {
      return null;
    }
    byte[] data = new byte[16];
    int gap = -1;
    int j = 0;
    for (int t = first; t <= last; t++) {
      if (ends[t] == starts[t]) {
        if (gap >= 0) {
          return null;
        }
        gap = j;
        continue;
      }
      int value = 0;
      for (int k = starts[t]; k < ends[t]; k++) {
        value = value * 16 + Character.digit(text.charAt(k), 16);
        if (value > 0xFFFF) {
          return null;
        }
      }
      data[j++] = (byte) (value >>> 8);
      data[j++] = (byte) value;
    }
    if (gap < 0) {
      return j == 16 ? data : null;
    }
    System.arraycopy(data, gap, data, gap + 16 - j, j - gap);
    Arrays.fill(data, gap, gap + 16 - j, (byte) 0);
    return data;
  }

  private Record mx(Name owner, int dclass, long ttl, Fields f, int first, int n) {
    long preference = n == 2 ? unsigned(f.get(first), 0xFFFF) : -1;
    Name target = preference < 0 ? null : name(f.get(first + 1));
    return target == null ? null : new MXRecord(owner, dclass, ttl, (int) preference, target);
  }

  private Record srv(Name owner, int dclass, long ttl, Fields f, int first, int n) {
    if (n != 4) {
      return null;
    }
    long priority = unsigned(f.get(first), 0xFFFF);
    long weight = unsigned(f.get(first + 1), 0xFFFF);
    long port = unsigned(f.get(first + 2), 0xFFFF);
    Name target = name(f.get(first + 3));
    if (priority < 0 || weight < 0 || port < 0 || target == null) {
      return null;
    }
    return new SRVRecord(owner, dclass, ttl, (int) priority, (int) weight, (int) port, target);
  }

  private Record soa(Name owner, int dclass, long ttl, Fields f, int first, int n) {
    if (n != 7) {
      return null;
    }
    Name host = name(f.get(first));
    Name admin = name(f.get(first + 1));
    long serial = unsigned(f.get(first + 2), 0xFFFFFFFFL);
    long[] times = new long[4];
    for (int i = 0; i < 4; i++) {
      times[i] = ttlLike(f.get(first + 3 + i));
    }
    if (host == null || admin == null || serial < 0 || times[0] < 0 || times[1] < 0 || times[2] < 0 || times[3] < 0) {
      return null;
    }
    return new SOARecord(owner, dclass, ttl, host, admin, serial, times[0], times[1], times[2], times[3]);
  }

  private static Record txt(Name owner, int dclass, long ttl, Fields f, int first, int n) {
    if (n < 1) {
      return null;
    }
    List<String> strings = new ArrayList<>(n);
    for (int i = first; i < f.count(); i++) {
      String s = f.get(i);
      // dnsjava turns text into bytes in the platform's charset: only printable ASCII is read alike everywhere.
      if (s.length() > 255 || !printableAscii(s)) {
        return null;
      }
      strings.add(s);
    }
    return new TXTRecord(owner, dclass, ttl, strings);
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** An absolute name, as dnsjava's tokenizer reads one; null when it would not. */
  Name name(String text) {
    Name known = names.get(text);
    if (known != null) {
      return known;
    }
    try {
      Name parsed = Name.fromString(text, origin);
      if (!parsed.isAbsolute()) {
        return null;
      }
      if (names.size() >= NAMES_KEPT) {
        names.clear();
      }
      names.put(text, parsed);
      return parsed;
    } catch (TextParseException e) {
      return null;
    }
  }

  /** Decimal digits up to {@code max}, as dnsjava reads 16- and 32-bit fields; -1 otherwise. */
  static long unsigned(String text, long max) {
    if (text.isEmpty() || text.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? value : -1;
  }

  /** A TTL-like SOA field (units allowed, not clamped), as dnsjava reads it; -1 when it would not. */
  private static long ttlLike(String text) {
    try {
      return TTL.parse(text, false);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
