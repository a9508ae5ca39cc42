package org.loomdns.dynamic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.loomdns.chain.Query;
import org.loomdns.chain.Transport;
import org.loomdns.net.Cidr;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * When a rule applies, everything prepared at load: the type, class and transport are compared as
 * numbers first, so a rule that does not match costs a few comparisons and no allocation; only then
 * the client and the name. Names compare case-insensitively, as DNS names do.
 *
 * <p>Name patterns run on RE2/J, whose time is linear in the name: the client chooses the name, so a
 * backtracking engine would let one query run a rule's pattern for minutes. A pattern RE2/J cannot
 * express (backreferences, lookaround, possessive quantifiers) is refused at load, and so is one
 * whose program is larger than {@link #MAX_PROGRAM}, the other factor of its matching time.
 */
final class Match {

  /** RE2/J instructions a name pattern may compile to: 255 characters times this stays under a millisecond. */
  static final int MAX_PROGRAM = 2000;

  static final Set<String> OPTIONS = Set.of("name", "suffix", "type", "class", "dclass", "client", "transport");

  private final int[] types;
  private final int dclass;
  private final Transport transport;
  private final List<Cidr> clients;
  private final Name exact;
  private final Name suffix;
  private final Pattern pattern;

  private Match(int[] types, int dclass, Transport transport, List<Cidr> clients, Name exact, Name suffix,
      Pattern pattern) {
    this.types = types;
    this.dclass = dclass;
    this.transport = transport;
    this.clients = clients;
    this.exact = exact;
    this.suffix = suffix;
    this.pattern = pattern;
  }

  /** A name pattern with the class IN and any type, as the {@code --dynamic} one-liner needs. */
  static Match name(String regex) {
    return new Match(null, DClass.IN, null, List.of(), null, null, linear(regex, 0));
  }

  /**
   * From a rule's options: {@code name} (exact, a glob with * and ?, or a regex), {@code suffix},
   * {@code type} and {@code class} (one or a list; the class defaults to IN, ANY matches every one),
   * {@code client} (addresses or CIDRs), {@code transport} (UDP or TCP).
   *
   * @throws IllegalArgumentException naming the option that is wrong
   */
  static Match of(Map<?, ?> options) {
    for (Object key : options.keySet()) {
      if (!OPTIONS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException("rule has no option '" + key + "'; it takes " + new java.util.TreeSet<>(OPTIONS));
      }
    }
    if (options.containsKey("class") && options.containsKey("dclass")) {
      throw new IllegalArgumentException("give the class once, as class: or dclass:");
    }
    int[] types = null;
    if (options.get("type") != null) {
      types = codes(options.get("type"), "type").stream().mapToInt(Integer::intValue).toArray();
      if (java.util.Arrays.stream(types).anyMatch(t -> t == Type.ANY)) {
        types = null;
      }
    }
    Object c = options.containsKey("class") ? options.get("class") : options.get("dclass");
    int dclass = DClass.IN;
    if (c != null) {
      List<Integer> classes = codes(c, "class");
      if (classes.size() != 1) {
        throw new IllegalArgumentException("class: takes one class (ANY matches every class)");
      }
      dclass = classes.get(0) == DClass.ANY ? -1 : classes.get(0);
    }
    Transport transport = null;
    if (options.get("transport") != null) {
      Object t = options.get("transport");
      try {
        transport = t instanceof Transport tt ? tt : Transport.valueOf(String.valueOf(t).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("transport: is UDP or TCP, not " + t);
      }
    }
    List<Cidr> clients = new ArrayList<>();
    for (Object o : list(options.get("client"))) {
      clients.add(Cidr.parse(String.valueOf(o)));
    }
    Name exact = null;
    Pattern pattern = null;
    Object n = options.get("name");
    if (n instanceof java.util.regex.Pattern p) {
      pattern = linear(p.pattern(), p.flags());
    } else if (n != null) {
      String s = String.valueOf(n);
      if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0) {
        pattern = glob(s);
      } else {
        exact = absolute(s, "name");
      }
    }
    Name suffix = options.get("suffix") == null ? null : absolute(String.valueOf(options.get("suffix")), "suffix");
    return new Match(types, dclass, transport, List.copyOf(clients), exact, suffix, pattern);
  }

  /** The checks that need no allocation: type, class, transport, exact name, suffix. */
  boolean admits(Query q) {
    if (types != null && !has(types, q.type())) {
      return false;
    }
    if (dclass >= 0 && q.dclass() != dclass) {
      return false;
    }
    if (transport != null && q.transport() != transport) {
      return false;
    }
    if (exact != null && !q.name().equals(exact)) {
      return false;
    }
    return suffix == null || q.name().subdomain(suffix);
  }

  /** The rest, after {@link #admits}: the client, then the name pattern. Null when they do not match. */
  Captures captures(Question q) {
    if (!clients.isEmpty() && !inClients(q)) {
      return null;
    }
    if (pattern == null) {
      return new Captures(q.getName(), null);
    }
    Matcher m = pattern.matcher(q.getName());
    return m.matches() ? new Captures(q.getName(), m) : null;
  }

  private boolean inClients(Question q) {
    return Cidr.anyContains(clients, q.getClient());
  }

  private static boolean has(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** {@code regex} on RE2/J, caseless, with the flags of the {@code ~/.../} it came from that RE2/J has. */
  private static Pattern linear(String regex, int javaFlags) {
    int flags = Pattern.CASE_INSENSITIVE;
    if ((javaFlags & java.util.regex.Pattern.DOTALL) != 0) {
      flags |= Pattern.DOTALL;
    }
    if ((javaFlags & java.util.regex.Pattern.MULTILINE) != 0) {
      flags |= Pattern.MULTILINE;
    }
    Pattern p;
    try {
      p = Pattern.compile(regex, flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("name: ~/" + regex + "/ cannot be matched in linear time"
          + " (no backreferences, lookaround or possessive quantifiers): " + e.getDescription());
    }
    if (p.programSize() > MAX_PROGRAM) {
      throw new IllegalArgumentException("name: ~/" + regex + "/ is too large (" + p.programSize()
          + " RE2/J instructions, at most " + MAX_PROGRAM + "); lower its repeat counts");
    }
    return p;
  }

  /** '*' stands for any run of characters, dots included; '?' for one; each is a group. */
  private static Pattern glob(String glob) {
    String g = glob.endsWith(".") && glob.length() > 1 ? glob.substring(0, glob.length() - 1) : glob;
    StringBuilder re = new StringBuilder();
    int literal = 0;
    for (int i = 0; i < g.length(); i++) {
      char ch = g.charAt(i);
      if (ch == '*' || ch == '?') {
        re.append(Pattern.quote(g.substring(literal, i))).append(ch == '*' ? "(.*)" : "(.)");
        literal = i + 1;
      }
    }
    re.append(Pattern.quote(g.substring(literal)));
    return linear(re.toString(), 0);
  }

  private static Name absolute(String s, String what) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + ": '" + s + "' is not a domain name (" + e.getMessage() + ")");
    }
  }

  /** Types or classes given as numbers (A, IN are numbers in a rule file) or mnemonics. */
  private static List<Integer> codes(Object value, String what) {
    List<Integer> out = new ArrayList<>();
    for (Object o : list(value)) {
      int code = o instanceof Number num ? num.intValue()
          : what.equals("type") ? Type.value(String.valueOf(o).trim(), true) : DClass.value(String.valueOf(o).trim());
      if (code < 0 || code > 65535) {
        throw new IllegalArgumentException(what + ": '" + o + "' is not a record " + what);
      }
      out.add(code);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(what + ": needs at least one " + what);
    }
    return out;
  }

  private static Collection<?> list(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof Collection<?> c ? c : List.of(value);
  }
}
