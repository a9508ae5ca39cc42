package org.loomdns.zone.bind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.zone.ZoneLoadException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.TTL;
import org.xbill.DNS.Type;

/**
 * One {@code $GENERATE range lhs [ttl] [class] type rhs} line, read as BIND 9.18 reads it (its ARM
 * and named-compilezone are the reference): the rhs is one token, quoted when it holds spaces; in
 * lhs and rhs a {@code $} is the iterator, {@code ${offset[,width[,base]]}} formats it (bases d, o,
 * x, X, and n, N for nibbles: least significant first, dot-separated, {@code width} characters long
 * dots included, but never fewer than the value needs), {@code $$} is a literal {@code $}, and a
 * backslash escape stays as written for the record parser ({@code \$} is then a literal
 * {@code $}). Each generated line is a plain zone-file line, so dnsjava reads every record type
 * with the current {@code $ORIGIN} and {@code $TTL}, as BIND does.
 */
final class Generate {

  /**
   * Records one {@code $GENERATE} may make: a /16 of PTRs. BIND sets no limit (named-compilezone
   * 9.18 made 200,001 from one line); 0-4294967295 would never end, so we bound it.
   */
  static final long MAX_GENERATED = 65_536;
  /** The widest {@code ${...}} field; a name is at most 255 bytes anyway. */
  static final int MAX_WIDTH = 255;

  private static final Pattern RANGE = Pattern.compile("(\\d{1,10})-(\\d{1,10})(?:/(\\d{1,10}))?");
  private static final Pattern MODIFIER = Pattern.compile("\\{([+-]?\\d{1,10})(?:,(\\d{1,10})(?:,([doxXnN]))?)?}");

  final long start;
  final long stop;
  final long step;
  private final String lhs;
  private final String middle;
  private final String rhs;

  private Generate(long start, long stop, long step, String lhs, String middle, String rhs) {
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.lhs = lhs;
    this.middle = middle;
    this.rhs = rhs;
  }

  /** How many records this line makes. */
  long count() {
    return (stop - start) / step + 1;
  }

  /**
   * Reads the fields after {@code $GENERATE} of one physical line; {@code at} is its file:line for
   * errors. The templates are checked here, so a bad one fails before any record is made.
   */
  static Generate parse(String line, String at) throws ZoneLoadException {
    List<String> t = tokens(line, at);
    if (t.size() < 2) {
      throw new ZoneLoadException(at, "$GENERATE needs a range, a name, a type and rdata");
    }
    Matcher r = RANGE.matcher(t.get(1));
    long start = r.matches() ? Long.parseLong(r.group(1)) : -1;
    long stop = r.matches() ? Long.parseLong(r.group(2)) : -1;
    long step = !r.matches() ? -1 : r.group(3) == null ? 1 : Long.parseLong(r.group(3));
    if (start < 0 || stop > 0xFFFF_FFFFL || start > stop || step < 1 || step > 0xFFFF_FFFFL) {
      throw new ZoneLoadException(at, "$GENERATE range '" + t.get(1) + "' is not start-stop[/step] with start <= stop"
          + " and a step of at least 1, each below 2^32");
    }
    if (t.size() < 3) {
      throw new ZoneLoadException(at, "$GENERATE needs a name, a type and rdata after its range");
    }
    // TTL and class in either order before the type, as in a record (and as dnsjava's Master reads them).
    StringBuilder middle = new StringBuilder();
    int i = 3;
    boolean ttl = false;
    boolean dclass = false;
    for (; i < t.size(); i++) {
      middle.append(t.get(i)).append(' ');
      if (!dclass && DClass.value(t.get(i)) >= 0) {
        dclass = true;
      } else if (!ttl && isTtl(t.get(i))) {
        ttl = true;
      } else if (Type.value(t.get(i)) < 0) {
        throw new ZoneLoadException(at, "$GENERATE: unknown RR type '" + t.get(i) + "'");
      } else {
        break;
      }
    }
    if (i++ >= t.size()) {
      throw new ZoneLoadException(at, "$GENERATE needs a type and rdata after its name");
    }
    if (i >= t.size()) {
      throw new ZoneLoadException(at, "$GENERATE needs rdata after its type");
    }
    if (i + 1 < t.size()) {
      throw new ZoneLoadException(at, "$GENERATE takes its rdata as one field: quote it when it holds spaces"
          + " (\"" + String.join(" ", t.subList(i, t.size())).replace("\"", "\\\"") + "\")");
    }
    Generate g = new Generate(start, stop, step, t.get(2), middle.toString(), t.get(i));
    if (g.count() > MAX_GENERATED) {
      throw new ZoneLoadException(at, "$GENERATE " + t.get(1) + " makes " + g.count() + " records, more than "
          + MAX_GENERATED + "; split it");
    }
    substitute(g.lhs, start, at);
    substitute(g.rhs, start, at);
    return g;
  }

  /** The zone-file line for iteration value {@code i}, without its newline. */
  String line(long i, String at) throws ZoneLoadException {
    return substitute(lhs, i, at) + " " + middle + substitute(rhs, i, at);
  }

  private static boolean isTtl(String s) {
    try {
      TTL.parseTTL(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The template with its {@code $} fields filled in for {@code i}. */
  static String substitute(String template, long i, String at) throws ZoneLoadException {
    StringBuilder out = new StringBuilder(template.length() + 8);
    for (int p = 0; p < template.length(); p++) {
      char c = template.charAt(p);
      if (c == '\\' && p + 1 < template.length()) {
        out.append(c).append(template.charAt(++p));
      } else if (c != '$') {
        out.append(c);
      } else if (p + 1 < template.length() && template.charAt(p + 1) == '$') {
        out.append('$');
        p++;
      } else if (p + 1 < template.length() && template.charAt(p + 1) == '{') {
        Matcher m = MODIFIER.matcher(template).region(p + 1, template.length());
        if (!m.lookingAt()) {
          throw new ZoneLoadException(at, "$GENERATE: '" + template.substring(p) + "' is not ${offset[,width[,base]]}"
              + " with a base of d, o, x, X, n or N");
        }
        int width = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (width > MAX_WIDTH) {
          throw new ZoneLoadException(at, "$GENERATE: a width of " + m.group(2) + " is more than " + MAX_WIDTH);
        }
        // BIND adds the offset in 32-bit unsigned arithmetic and prints %d of it as signed.
        int value = (int) (i + Long.parseLong(m.group(1)));
        out.append(format(value, width, m.group(3) == null ? 'd' : m.group(3).charAt(0)));
        p = m.end() - 1;
      } else {
        out.append((int) i);
      }
    }
    return out.toString();
  }

  static String format(int value, int width, char base) {
    String digits = switch (base) {
      case 'o' -> Integer.toOctalString(value);
      case 'x' -> Integer.toHexString(value);
      case 'X' -> Integer.toHexString(value).toUpperCase();
      case 'n', 'N' -> nibbles(value, width, base == 'N');
      default -> Integer.toString(value);
    };
    if (base == 'n' || base == 'N' || digits.length() >= width) {
      return digits;
    }
    boolean negative = digits.startsWith("-");
    String zeros = "0".repeat(width - digits.length());
    return negative ? "-" + zeros + digits.substring(1) : zeros + digits;
  }

  /** "e.f" for 254: its hex digits least significant first, cut or padded (with 0 and dots) to {@code width}. */
  private static String nibbles(int value, int width, boolean upper) {
    int needed = Math.max(1, 8 - Integer.numberOfLeadingZeros(value) / 4);
    int length = Math.max(width, 2 * needed - 1);
    StringBuilder out = new StringBuilder(length + 1);
    for (int n = 0; out.length() < length; n++) {
      int nibble = n < 8 ? (value >>> (4 * n)) & 0xf : 0;
      out.append(Character.forDigit(nibble, 16)).append('.');
    }
    out.setLength(length);
    return upper ? out.toString().toUpperCase() : out.toString();
  }

  /**
   * Splits a line at blanks up to a comment; a quoted field loses its quotes and the backslash of
   * each {@code \"} (as BIND's lexer does), keeping other escapes for the record parser.
   */
  private static List<String> tokens(String line, String at) throws ZoneLoadException {
    List<String> out = new ArrayList<>();
    int p = 0;
    int n = line.length();
    while (p < n) {
      char c = line.charAt(p);
      if (c == ' ' || c == '\t' || c == '\r') {
        p++;
      } else if (c == ';') {
        break;
      } else if (c == '(' || c == ')') {
        throw new ZoneLoadException(at, "$GENERATE must be on one line, without parentheses");
      } else if (c == '"') {
        StringBuilder q = new StringBuilder();
        for (p++; p < n && line.charAt(p) != '"'; p++) {
          if (line.charAt(p) == '\\' && p + 1 < n) {
            if (line.charAt(p + 1) != '"') {
              q.append('\\');
            }
            p++;
          }
          q.append(line.charAt(p));
        }
        if (p >= n) {
          throw new ZoneLoadException(at, "$GENERATE: a quoted field has no closing quote");
        }
        p++;
        out.add(q.toString());
      } else {
        int s = p;
        while (p < n && " \t\r;\"()".indexOf(line.charAt(p)) < 0) {
          p += line.charAt(p) == '\\' && p + 1 < n ? 2 : 1;
        }
        out.add(line.substring(s, p));
      }
    }
    return out;
  }
}
