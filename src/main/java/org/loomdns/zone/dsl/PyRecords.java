package org.loomdns.zone.dsl;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.loomdns.zone.dsl.PyEvaluator.Callable;
import org.loomdns.zone.dsl.PyValues.Tuple;
import org.xbill.DNS.Record;
import org.xbill.DNS.WKSRecord;

/**
 * The record calls of a pyzone file, {@code A('www.example.com', '192.0.2.1', ttl='5M')}, with
 * the argument forms Twisted's {@code Record_*} classes take that a zone-file field does not:
 * SSHFP fingerprints and NULL payloads as raw bytes, WKS maps as bitmaps, TXT strings as bytes,
 * A6 with a prefix length of 0 or 128. Each call goes to {@link RecordConstructors}.
 */
final class PyRecords {

  /** Twisted's {@code dns.Record_X(...)}: record data without an owner, for a {@code (name, rdata)} tuple. */
  record Rdata(String type, List<Object> args, Map<String, Object> named, int line) {}

  /**
   * Twisted's getSerial: today's date and a two-digit count of the calls made today. Twisted keeps
   * the count in a file; a zone file here writes no file, so the count restarts with the process.
   */
  static final Callable GET_SERIAL = (ev, args, named, line) -> nextSerial();

  private static final AtomicReference<String> LAST_SERIAL = new AtomicReference<>("");

  private final RecordConstructors constructors;
  private int line;

  PyRecords(RecordConstructors constructors) {
    this.constructors = constructors;
  }

  /** The line of the call that is making a record, for the loader's note of where each record came from. */
  int line() {
    return line;
  }

  boolean has(String name) {
    return RecordConstructors.has(name);
  }

  Callable constructor(String type) {
    return (ev, args, named, line) -> make(type, args, named, line);
  }

  String suggestion(String name) {
    return GroovyZoneLoader.suggestion(name);
  }

  /** {@code twisted.names.dns}: its Record_ classes, which make record data for a {@code (name, rdata)} tuple. */
  static Map<String, Object> dnsModule() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String type : RecordConstructors.names()) {
      if (!type.equals(RecordConstructors.GENERIC)) {
        m.put("Record_" + type, (Callable) (ev, args, named, line) -> new Rdata(type, args, named, line));
      }
    }
    return m;
  }

  /** A record from a {@code (name, Record_X(...))} tuple placed in {@code zone}. */
  Record fromTuple(Tuple t, int line) {
    if (t.items().size() != 2 || !(t.items().get(1) instanceof Rdata r)) {
      throw new PyError(line, "a tuple in zone must be (name, dns.Record_X(...))");
    }
    List<Object> args = new ArrayList<>(List.of(t.items().get(0)));
    args.addAll(r.args());
    return make(r.type(), args, r.named(), r.line());
  }

  private Record make(String type, List<Object> args, Map<String, Object> named, int line) {
    List<Object> positional = new ArrayList<>();
    args.forEach(a -> positional.add(plain(a)));
    Map<String, Object> fields = new LinkedHashMap<>();
    named.forEach((k, v) -> fields.put(k, plain(v)));
    String call = type;
    try {
      switch (type) {
        case "SSHFP" -> replace(positional, fields, 3, "fingerprint", v -> v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
        case "WKS" -> {
          replace(positional, fields, 2, "protocol", v -> v instanceof Long n ? WKSRecord.Protocol.string(n.intValue()) : v);
          replace(positional, fields, 3, "map", v -> v instanceof byte[] b ? ports(b) : v);
        }
        case "A6" -> {
          call = RecordConstructors.GENERIC;
          String text = a6(positional, fields, line);
          positional.subList(1, positional.size()).clear();
          Object ttl = fields.get("ttl");
          fields.clear();
          fields.put("type", "A6");
          fields.put("rdata", text);
          if (ttl != null) {
            fields.put("ttl", ttl);
          }
        }
        case "TXT", "SPF" -> {
          for (int i = 1; i < positional.size(); i++) {
            if (positional.get(i) instanceof byte[] b) {
              positional.set(i, new String(b, StandardCharsets.UTF_8));
            }
          }
        }
        default -> { }
      }
      for (int i = 0; i < positional.size(); i++) {
        if (positional.get(i) instanceof byte[] b && !type.equals("NULL")) {
          positional.set(i, new String(b, StandardCharsets.UTF_8));
        }
      }
      fields.replaceAll((k, v) -> v instanceof byte[] b && !type.equals("NULL") ? new String(b, StandardCharsets.UTF_8) : v);
      this.line = line;
      return constructors.make(call, fields, positional);
    } catch (BadRecordException e) {
      throw new PyError(line, e.getMessage());
    }
  }

  /** Python values as RecordConstructors reads them: a tuple is a list, a bool an int. */
  private static Object plain(Object v) {
    return switch (v) {
      case Tuple t -> t.items().stream().map(PyRecords::plain).toList();
      case Boolean b -> b ? 1L : 0L;
      case List<?> l -> l.stream().map(PyRecords::plain).toList();
      case null, default -> v;
    };
  }

  private static void replace(List<Object> positional, Map<String, Object> fields, int index, String name,
      java.util.function.UnaryOperator<Object> f) {
    if (positional.size() > index) {
      positional.set(index, f.apply(positional.get(index)));
    }
    fields.computeIfPresent(name, (k, v) -> f.apply(v));
  }

  /** The port numbers a WKS bitmap sets: bit 0 of the map (its first byte's high bit) is port 0. */
  private static List<Long> ports(byte[] map) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < map.length * 8; i++) {
      if ((map[i / 8] & (0x80 >> (i % 8))) != 0) {
        out.add((long) i);
      }
    }
    return out;
  }

  /** A6's presentation: the suffix only below 128 bits of prefix, the prefix name only above 0 (Twisted's default prefix is the root). */
  private static String a6(List<Object> positional, Map<String, Object> fields, int line) {
    String[] names = {"prefixLen", "suffix", "prefix"};
    Object[] values = {0L, "::", ""};
    for (int i = 0; i < names.length; i++) {
      if (positional.size() > i + 1) {
        values[i] = positional.get(i + 1);
      }
      if (fields.containsKey(names[i])) {
        values[i] = fields.get(names[i]);
      }
    }
    for (String k : fields.keySet()) {
      if (!k.equals("ttl") && !List.of(names).contains(k)) {
        throw new PyError(line, "A6 has no field '" + k + "'; it takes (owner, prefixLen, suffix, prefix, [ttl])");
      }
    }
    if (positional.size() > 4) {
      fields.put("ttl", positional.get(4));
    }
    long prefixLen = PyValues.integer(values[0], line, "A6 prefixLen");
    String prefix = values[2] instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : PyValues.str(values[2]);
    String suffix = values[1] instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : PyValues.str(values[1]);
    return prefixLen + (prefixLen < 128 ? " " + suffix : "") + (prefixLen > 0 ? " " + (prefix.isEmpty() ? "." : prefix) : "");
  }

  private static String nextSerial() {
    String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
    return LAST_SERIAL.updateAndGet(last -> last.startsWith(today)
        ? today + String.format("%02d", Integer.parseInt(last.substring(8)) + 1) : today + "00");
  }
}
