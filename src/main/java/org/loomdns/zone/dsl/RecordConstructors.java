package org.loomdns.zone.dsl;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Record constructors named after the record types, as Twisted's pyzone files call them: the owner
 * name first, then the type's fields positionally or by Twisted's field names, and an optional
 * {@code ttl}. Each call builds the record's presentation text and lets dnsjava parse it, so the
 * rdata rules are dnsjava's. Immutable and usable from any code: zone files reach it through
 * {@link RecordScript}, Java through {@link #make}.
 */
public final class RecordConstructors {

  /** Told of each record made, so a loader can note where it was made and whether a TTL was given. */
  @FunctionalInterface
  public interface Listener {
    void made(Record record, boolean ttlGiven);
  }

  /** How a field's value is written into presentation text. */
  private enum Kind {
    /** A domain name, absolute whether or not it ends in a dot. */
    NAME,
    /** One character-string, quoted. */
    STRING,
    /** Every remaining argument, each a character-string; longer than 255 bytes splits. */
    STRINGS,
    /** Seconds, or a time with units ('1H', '1.5h', '1h30m'). */
    TIME,
    /** One word or number, given to dnsjava as it is. */
    TOKEN,
    /** Presentation text that may hold spaces (base64, hex, SVCB parameters, LOC). */
    TEXT,
    /** Raw bytes, written in RFC 3597 form. */
    BYTES
  }

  private record Field(String name, Kind kind, String fallback) {}

  private record Spec(String name, int type, List<Field> fields) {
    Field field(String n) {
      for (Field f : fields) {
        if (f.name.equals(n) || (f.name.equals("name") && n.equals("exchange") && type == Type.MX)) {
          return f;
        }
      }
      return null;
    }

    boolean varargs() {
      return fields.size() == 1 && fields.get(0).kind == Kind.STRINGS;
    }
  }

  /** The generic constructor: {@code RR(owner, type, rdata)}, rdata in any form dnsjava reads. */
  public static final String GENERIC = "RR";

  private static final Map<String, Spec> SPECS = specs();
  private static final Pattern TWISTED_TIME =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([smhdwy])", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKENIZER_PLACE = Pattern.compile("^.*?:\\d+: ");

  private final long defaultTtl;
  private final Listener listener;

  /** Constructors whose records live {@code defaultTtl} seconds unless given a {@code ttl}. */
  public RecordConstructors(long defaultTtl) {
    this(defaultTtl, (r, given) -> {});
  }

  public RecordConstructors(long defaultTtl, Listener listener) {
    this.defaultTtl = defaultTtl;
    this.listener = listener;
  }

  /** The constructor names, record types and {@link #GENERIC}, in alphabetical order. */
  public static Set<String> names() {
    return SPECS.keySet();
  }

  public static boolean has(String name) {
    return SPECS.containsKey(name);
  }

  /** The field names of constructor {@code name}, in positional order (the owner and ttl aside). */
  public static List<String> fields(String name) {
    Spec s = SPECS.get(name);
    return s == null ? List.of() : s.fields.stream().map(Field::name).toList();
  }

  /**
   * A call as Groovy makes it: {@code args} are the positional arguments, preceded by a Map when
   * the call had named arguments ({@code A('www.example.com', '192.0.2.1', ttl: '5M')}).
   */
  public Record call(String name, Object[] args) {
    if (args.length > 0 && args[0] instanceof Map<?, ?> named) {
      return make(name, named, List.of(args).subList(1, args.length));
    }
    return make(name, Map.of(), args.length == 0 ? List.of() : List.of(args));
  }

  /**
   * Builds one record of class IN.
   *
   * @param name the constructor: a record type ({@link #names()}) or {@link #GENERIC}
   * @param named field values by name, and {@code ttl}
   * @param positional the owner name, then field values in order, then optionally the TTL
   * @throws BadRecordException when any argument is missing, unknown, or not valid for the type
   */
  public Record make(String name, Map<?, ?> named, List<?> positional) {
    Spec spec = SPECS.get(name);
    if (spec == null) {
      throw new BadRecordException(name + " is not a record type");
    }
    if (positional.isEmpty()) {
      throw new BadRecordException(name + "(...) needs the owner name first");
    }
    Name owner = name(positional.get(0), name + " owner");
    Record quick = addressRecord(spec.type, owner, named, positional);
    if (quick != null) {
      listener.made(quick, false);
      return quick;
    }
    String call = name + "('" + owner + "')";
    Map<String, Object> values = new LinkedHashMap<>();
    Object ttl = null;
    List<?> rest = positional.subList(1, positional.size());
    if (spec.varargs()) {
      if (!rest.isEmpty()) {
        values.put(spec.fields.get(0).name, rest);
      }
    } else {
      for (int i = 0; i < rest.size(); i++) {
        if (i < spec.fields.size()) {
          values.put(spec.fields.get(i).name, rest.get(i));
        } else if (i == spec.fields.size()) {
          ttl = rest.get(i);
        } else {
          throw new BadRecordException(call + ": too many arguments; " + name + " takes " + signature(spec));
        }
      }
    }
    for (Map.Entry<?, ?> e : named.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("ttl")) {
        if (ttl != null) {
          throw new BadRecordException(call + ": the ttl is given twice");
        }
        ttl = e.getValue();
        continue;
      }
      Field f = spec.field(key);
      if (f == null || spec.varargs()) {
        throw new BadRecordException(call + ": " + name + " has no field '" + key + "'; it takes "
            + signature(spec));
      }
      if (values.containsKey(f.name)) {
        throw new BadRecordException(call + ": " + f.name + " is given twice");
      }
      values.put(f.name, e.getValue());
    }
    int type = spec.type;
    StringBuilder text = new StringBuilder();
    for (Field f : spec.fields) {
      Object v = values.get(f.name);
      if (v == null && f.fallback == null) {
        throw new BadRecordException(call + ": " + name + " needs " + f.name + "; it takes " + signature(spec));
      }
      if (f.name.equals("type") && spec.name.equals(GENERIC)) {
        type = genericType(v, call);
        continue;
      }
      String rendered = v == null ? f.fallback : render(f, v, call);
      if (!rendered.isEmpty()) {
        text.append(text.isEmpty() ? "" : " ").append(rendered);
      }
    }
    boolean ttlGiven = ttl != null;
    long seconds = ttlGiven ? seconds(ttl, call + " ttl") : defaultTtl;
    Record r;
    try {
      r = Record.fromString(owner, type, DClass.IN, seconds, text.toString(), Name.root);
    } catch (IOException | RuntimeException e) {
      String why = TOKENIZER_PLACE.matcher(String.valueOf(e.getMessage())).replaceFirst("");
      throw new BadRecordException(call + ": " + why);
    }
    listener.made(r, ttlGiven);
    return r;
  }

  /**
   * A or AAAA from an owner and one address, the shape rules answer with on every query, made
   * directly rather than through the zone-file parser. Null for any other shape, and for an
   * address that does not parse, which the general path then reports in its own words.
   */
  private Record addressRecord(int type, Name owner, Map<?, ?> named, List<?> positional) {
    if ((type != Type.A && type != Type.AAAA) || !named.isEmpty() || positional.size() != 2
        || !(positional.get(1) instanceof CharSequence text)) {
      return null;
    }
    byte[] bytes = Address.toByteArray(text.toString(), type == Type.A ? Address.IPv4 : Address.IPv6);
    if (bytes == null) {
      return null;
    }
    try {
      InetAddress address = InetAddress.getByAddress(bytes);
      if (type == Type.A) {
        return new ARecord(owner, DClass.IN, defaultTtl, address);
      }
      // An IPv4-mapped address comes back as an Inet4Address: the general path knows that case.
      return address instanceof Inet6Address ? new AAAARecord(owner, DClass.IN, defaultTtl, address) : null;
    } catch (UnknownHostException e) {
      return null; // cannot happen for 4 or 16 bytes
    }
  }

  /**
   * Seconds from a number or a time with units: Twisted's one-unit form ({@code '1H'},
   * {@code '1.5h'}, {@code '1W'}, {@code '1Y'} = 365 days) or BIND's ({@code '1h30m'}).
   */
  public static long seconds(Object value, String what) {
    long s;
    if (value instanceof Number n) {
      s = integral(n, what);
    } else if (value instanceof CharSequence cs) {
      String t = cs.toString().trim();
      Matcher m = TWISTED_TIME.matcher(t);
      try {
        if (m.matches()) {
          // Twisted's str2time: the number times the unit, truncated.
          s = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit(m.group(2)))).longValue();
        } else {
          s = TTL.parse(t, false);
        }
      } catch (NumberFormatException e) {
        throw new BadRecordException(what + ": '" + t + "' is not a time (seconds, or units as in '1H', '1.5h', '1h30m')");
      }
    } else {
      throw new BadRecordException(what + ": expected seconds or a time such as '1H', not " + describe(value));
    }
    if (s < 0 || s > TTL.MAX_VALUE) {
      throw new BadRecordException(what + ": " + s + " seconds is out of range (0 to " + TTL.MAX_VALUE + ")");
    }
    return s;
  }

  private static long unit(String u) {
    return switch (Character.toLowerCase(u.charAt(0))) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86400;
      case 'w' -> 604800;
      default -> 31536000;
    };
  }

  private static int genericType(Object v, String call) {
    int t = v instanceof Number n ? (int) integral(n, call + " type") : Type.value(String.valueOf(v).trim());
    if (t < 0 || t > 65535) {
      throw new BadRecordException(call + ": '" + v + "' is not a record type (a mnemonic or TYPEnnn)");
    }
    return t;
  }

  private static String render(Field f, Object v, String call) {
    String what = call + " " + f.name;
    return switch (f.kind) {
      case NAME -> name(v, what).toString();
      case STRING -> quote(text(v, what).getBytes(StandardCharsets.UTF_8));
      case STRINGS -> strings(v, what);
      case TIME -> Long.toString(seconds(v, what));
      case TOKEN -> token(v, what);
      case TEXT -> presentation(v, what);
      case BYTES -> rfc3597(v instanceof byte[] b ? b : text(v, what).getBytes(StandardCharsets.UTF_8));
    };
  }

  /** A name is absolute whether or not it ends in a dot; '' and '.' are the root. */
  static Name name(Object v, String what) {
    String s = text(v, what).trim();
    if (s.isEmpty() || s.equals(".")) {
      return Name.root;
    }
    if (!plainName(s) || s.equals("@") || s.startsWith("@.")) {
      throw new BadRecordException(what + ": '" + s + "' is not a domain name");
    }
    try {
      return Name.fromString(s, Name.root);
    } catch (TextParseException e) {
      throw new BadRecordException(what + ": '" + s + "' is not a domain name (" + e.getMessage() + ")");
    }
  }

  /**
   * No character the zone-file syntax would read as the end of a name or the start of something
   * else. A plain loop: rules make records from names on every query, and a stream here cost more
   * than parsing the name.
   */
  private static boolean plainName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == ';' || c == '"' || c == '(' || c == ')') {
        return false;
      }
    }
    return true;
  }

  private static String strings(Object v, String what) {
    List<String> out = new ArrayList<>();
    flatten(v, what, out);
    if (out.isEmpty()) {
      throw new BadRecordException(what + ": needs at least one string");
    }
    StringBuilder sb = new StringBuilder();
    for (String s : out) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      // A character-string holds at most 255 bytes; a longer text becomes several, as DKIM keys do.
      int at = 0;
      do {
        int end = Math.min(b.length, at + 255);
        sb.append(sb.isEmpty() ? "" : " ").append(quote(java.util.Arrays.copyOfRange(b, at, end)));
        at = end;
      } while (at < b.length);
    }
    return sb.toString();
  }

  private static void flatten(Object v, String what, List<String> out) {
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        flatten(o, what, out);
      }
    } else {
      out.add(text(v, what));
    }
  }

  private static String quote(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + 2).append('"');
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append('\\').append(String.format("%03d", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.append('"').toString();
  }

  private static String token(Object v, String what) {
    String s = v instanceof Number n ? Long.toString(integral(n, what)) : text(v, what).trim();
    if (s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || ";\"()".indexOf(c) >= 0)) {
      throw new BadRecordException(what + ": '" + s + "' must be one word or number");
    }
    return s;
  }

  private static String presentation(Object v, String what) {
    String s;
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(k + (x == null ? "" : "=" + (x instanceof Collection<?> c
          ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(x)))));
      s = String.join(" ", parts);
    } else if (v instanceof Collection<?> c) {
      s = String.join(" ", c.stream().map(o -> o instanceof Number n ? Long.toString(integral(n, what)) : text(o, what)).toList());
    } else if (v instanceof Number n) {
      s = Long.toString(integral(n, what));
    } else {
      s = text(v, what);
    }
    if (s.indexOf(';') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('(') >= 0 || s.indexOf(')') >= 0) {
      throw new BadRecordException(what + ": may not hold ';', '(', ')' or a line break");
    }
    return s.trim();
  }

  private static String rfc3597(byte[] b) {
    return "\\# " + b.length + (b.length == 0 ? "" : " " + HexFormat.of().formatHex(b));
  }

  private static String text(Object v, String what) {
    if (v instanceof CharSequence cs) {
      return cs.toString();
    }
    if (v instanceof Number n) {
      return Long.toString(integral(n, what));
    }
    throw new BadRecordException(what + ": expected a string, not " + describe(v));
  }

  private static long integral(Number n, String what) {
    try {
      if (n instanceof BigDecimal d) {
        return d.longValueExact();
      }
      if (n instanceof BigInteger i) {
        return i.longValueExact();
      }
      if (n instanceof Double || n instanceof Float) {
        return new BigDecimal(n.toString()).longValueExact();
      }
    } catch (ArithmeticException e) {
      throw new BadRecordException(what + ": " + n + " is not a whole number");
    }
    return n.longValue();
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }

  private static String signature(Spec spec) {
    List<String> parts = new ArrayList<>();
    parts.add("owner");
    for (Field f : spec.fields) {
      parts.add(f.kind == Kind.STRINGS ? "strings..." : f.fallback == null ? f.name : "[" + f.name + "]");
    }
    parts.add("[ttl]");
    return "(" + String.join(", ", parts) + ")";
  }

  private static Map<String, Spec> specs() {
    Map<String, Spec> m = new java.util.TreeMap<>();
    Object[][] table = {
      // The types Twisted offers, with Twisted's field names (twisted.names.dns.Record_*) and, after
      // '=', the presentation of Twisted's default where one makes a sensible record ('?': none).
      {"A", "address", Kind.TOKEN},
      {"A6", "prefixLen", Kind.TOKEN, "suffix", Kind.TOKEN, "prefix?", Kind.NAME},
      {"AAAA", "address", Kind.TOKEN},
      {"AFSDB", "subtype=0", Kind.TOKEN, "hostname", Kind.NAME},
      {"CNAME", "name", Kind.NAME},
      {"DNAME", "name", Kind.NAME},
      {"HINFO", "cpu=\"\"", Kind.STRING, "os=\"\"", Kind.STRING},
      {"MB", "name", Kind.NAME},
      {"MD", "name", Kind.NAME},
      {"MF", "name", Kind.NAME},
      {"MG", "name", Kind.NAME},
      {"MINFO", "rmailbx", Kind.NAME, "emailbx", Kind.NAME},
      {"MR", "name", Kind.NAME},
      {"MX", "preference=0", Kind.TOKEN, "name", Kind.NAME},
      {"NAPTR", "order=0", Kind.TOKEN, "preference=0", Kind.TOKEN, "flags=\"\"", Kind.STRING,
          "service=\"\"", Kind.STRING, "regexp=\"\"", Kind.STRING, "replacement=.", Kind.NAME},
      {"NS", "name", Kind.NAME},
      {"NULL", "payload=\\# 0", Kind.BYTES},
      {"PTR", "name", Kind.NAME},
      {"RP", "mbox", Kind.NAME, "txt", Kind.NAME},
      {"SOA", "mname", Kind.NAME, "rname", Kind.NAME, "serial=0", Kind.TOKEN, "refresh=0", Kind.TIME,
          "retry=0", Kind.TIME, "expire=0", Kind.TIME, "minimum=0", Kind.TIME},
      {"SPF", "data", Kind.STRINGS},
      {"SRV", "priority=0", Kind.TOKEN, "weight=0", Kind.TOKEN, "port=0", Kind.TOKEN, "target", Kind.NAME},
      {"SSHFP", "algorithm", Kind.TOKEN, "fingerprintType", Kind.TOKEN, "fingerprint", Kind.TEXT},
      {"TXT", "data", Kind.STRINGS},
      {"WKS", "address", Kind.TOKEN, "protocol=0", Kind.TOKEN, "map?", Kind.TEXT},
      // Types a zone needs today, with the field names of their RFCs.
      {"CAA", "flags", Kind.TOKEN, "tag", Kind.TOKEN, "value", Kind.STRING},
      {"CDNSKEY", "flags", Kind.TOKEN, "protocol", Kind.TOKEN, "algorithm", Kind.TOKEN, "publicKey", Kind.TEXT},
      {"CDS", "keyTag", Kind.TOKEN, "algorithm", Kind.TOKEN, "digestType", Kind.TOKEN, "digest", Kind.TEXT},
      {"DNSKEY", "flags", Kind.TOKEN, "protocol", Kind.TOKEN, "algorithm", Kind.TOKEN, "publicKey", Kind.TEXT},
      {"DS", "keyTag", Kind.TOKEN, "algorithm", Kind.TOKEN, "digestType", Kind.TOKEN, "digest", Kind.TEXT},
      {"HTTPS", "priority", Kind.TOKEN, "target", Kind.NAME, "params?", Kind.TEXT},
      {"LOC", "location", Kind.TEXT},
      {"OPENPGPKEY", "publicKey", Kind.TEXT},
      {"SMIMEA", "usage", Kind.TOKEN, "selector", Kind.TOKEN, "matchingType", Kind.TOKEN, "certificate", Kind.TEXT},
      {"SVCB", "priority", Kind.TOKEN, "target", Kind.NAME, "params?", Kind.TEXT},
      {"TLSA", "usage", Kind.TOKEN, "selector", Kind.TOKEN, "matchingType", Kind.TOKEN, "certificate", Kind.TEXT},
      {"URI", "priority", Kind.TOKEN, "weight", Kind.TOKEN, "target", Kind.STRING},
      {GENERIC, "type", Kind.TOKEN, "rdata", Kind.TEXT},
    };
    for (Object[] row : table) {
      String name = (String) row[0];
      List<Field> fields = new ArrayList<>();
      for (int i = 1; i < row.length; i += 2) {
        String f = (String) row[i];
        int eq = f.indexOf('=');
        boolean optional = f.endsWith("?");
        String field = eq > 0 ? f.substring(0, eq) : optional ? f.substring(0, f.length() - 1) : f;
        fields.add(new Field(field, (Kind) row[i + 1], eq > 0 ? f.substring(eq + 1) : optional ? "" : null));
      }
      m.put(name, new Spec(name, name.equals(GENERIC) ? 0 : Type.value(name), List.copyOf(fields)));
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
