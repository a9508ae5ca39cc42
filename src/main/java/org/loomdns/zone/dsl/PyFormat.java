package org.loomdns.zone.dsl;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loomdns.zone.dsl.PyNode.Expr;
import org.loomdns.zone.dsl.PyNode.FString;
import org.loomdns.zone.dsl.PyNode.Field;
import org.loomdns.zone.dsl.PyValues.Tuple;

/** Python's three ways of formatting: {@code "%02d" % n}, {@code "{:02d}".format(n)} and f-strings. */
final class PyFormat {

  private static final Pattern PERCENT = Pattern.compile("%(?:\\(([^)]*)\\))?([-+ #0]*)(\\*|\\d+)?(?:\\.(\\d+))?([diouxXeEfFgGcrsa%])");
  private static final Pattern SPEC = Pattern.compile("(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\\d+)?([,_])?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");

  private PyFormat() {}

  static String percent(String format, Object args, int line) {
    List<Object> values = args instanceof Tuple t ? t.items() : List.of(args == null ? "None" : args);
    boolean none = args == null;
    StringBuilder out = new StringBuilder();
    Matcher m = PERCENT.matcher(format);
    int last = 0;
    int next = 0;
    while (m.find()) {
      out.append(format, last, m.start());
      last = m.end();
      char conv = m.group(5).charAt(0);
      if (conv == '%') {
        out.append('%');
        continue;
      }
      Object v;
      if (m.group(1) != null) {
        if (!(args instanceof Map<?, ?> map) || !map.containsKey(m.group(1))) {
          throw new PyError(line, "format key '" + m.group(1) + "' is not in the dict");
        }
        v = map.get(m.group(1));
      } else {
        if (next >= values.size()) {
          throw new PyError(line, "not enough arguments for format string");
        }
        v = none ? null : values.get(next++);
      }
      String flags = m.group(2);
      String width = m.group(3) == null ? "" : m.group(3);
      String align = flags.contains("-") ? "<" : ">";
      String sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
      String zero = flags.contains("0") && !flags.contains("-") ? "0" : "";
      String precision = m.group(4) == null ? "" : "." + m.group(4);
      String type = switch (conv) {
        case 'i', 'u' -> "d";
        case 's', 'r', 'a' -> "";
        default -> String.valueOf(conv);
      };
      Object value = "d".equals(type) && PyValues.number(v) instanceof Double d ? (Object) (long) (double) d
          : conv == 'r' || conv == 'a' ? PyValues.repr(v) : conv == 's' ? PyValues.str(v) : v;
      out.append(spec(value, (zero.isEmpty() ? align : "") + sign + (flags.contains("#") ? "#" : "") + zero + width + precision + type, line));
    }
    if (!(args instanceof Map) && next < values.size() && !none) {
      throw new PyError(line, "not all arguments converted during string formatting");
    }
    return out.append(format.substring(last)).toString();
  }

  static String format(String format, List<Object> args, Map<String, Object> named, int line) {
    StringBuilder out = new StringBuilder();
    int auto = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < format.length() && format.charAt(i + 1) == c) {
        out.append(c);
        i += 2;
        continue;
      }
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int end = format.indexOf('}', i);
      if (end < 0) {
        throw new PyError(line, "a '{' in a format string that does not close");
      }
      String field = format.substring(i + 1, end);
      String spec = "";
      int colon = field.indexOf(':');
      if (colon >= 0) {
        spec = field.substring(colon + 1);
        field = field.substring(0, colon);
      }
      char conversion = 0;
      if (field.contains("!")) {
        conversion = field.charAt(field.indexOf('!') + 1);
        field = field.substring(0, field.indexOf('!'));
      }
      Object v;
      if (field.isEmpty()) {
        v = positional(args, auto++, line);
      } else if (field.chars().allMatch(Character::isDigit)) {
        v = positional(args, Integer.parseInt(field), line);
      } else if (named.containsKey(field)) {
        v = named.get(field);
      } else {
        throw new PyError(line, "format field '" + field + "' is not given");
      }
      out.append(spec(convert(v, conversion), spec, line));
      i = end + 1;
    }
    return out.toString();
  }

  private static Object positional(List<Object> args, int i, int line) {
    if (i >= args.size()) {
      throw new PyError(line, "format string wants argument " + i + ", but " + args.size() + " are given");
    }
    return args.get(i);
  }

  private static Object convert(Object v, char conversion) {
    return conversion == 'r' || conversion == 'a' ? PyValues.repr(v) : conversion == 's' ? PyValues.str(v) : v;
  }

  static String fstring(FString f, Function<Expr, Object> eval) {
    StringBuilder out = new StringBuilder();
    for (Object part : f.parts()) {
      if (part instanceof Field field) {
        out.append(spec(convert(eval.apply(field.value()), field.conversion()), field.spec(), f.line()));
      } else {
        out.append((String) part);
      }
    }
    return PyValues.text(out.toString(), f.line());
  }

  /** Python's format(value, spec) for the usual specs: fill, align, sign, width, precision, type. */
  static String spec(Object value, String spec, int line) {
    Matcher m = SPEC.matcher(spec);
    if (!m.matches()) {
      throw new PyError(line, "format spec '" + spec + "' is not one this loader reads");
    }
    String fill = m.group(1) != null ? m.group(1) : m.group(5) != null ? "0" : " ";
    String align = m.group(2) != null ? m.group(2) : m.group(5) != null ? "=" : null;
    String sign = m.group(3) == null ? "-" : m.group(3);
    int width = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    Integer precision = m.group(8) == null ? null : Integer.parseInt(m.group(8));
    String type = m.group(9) == null ? "" : m.group(9);
    Object v = PyValues.number(value instanceof Boolean && type.isEmpty() ? PyValues.str(value) : value);
    String body;
    String signText = "";
    if (v instanceof Number n && !(type.equals("s"))) {
      boolean negative = n.doubleValue() < 0;
      signText = negative ? "-" : sign.equals("-") ? "" : sign;
      body = number(n, type, precision, m.group(4) != null, m.group(7), line);
      body = negative ? body.substring(1) : body;
    } else {
      if (!type.isEmpty() && !type.equals("s")) {
        throw new PyError(line, "format code '" + type + "' is for numbers, not " + PyValues.type(value));
      }
      body = PyValues.str(v);
      if (precision != null && body.length() > precision) {
        body = body.substring(0, precision);
      }
      align = align == null ? "<" : align;
    }
    align = align == null ? ">" : align;
    int pad = Math.max(0, width - body.length() - signText.length());
    if (pad > PyValues.MAX_CHARS) {
      throw new PyError(line, "a format width beyond " + PyValues.MAX_CHARS);
    }
    String padding = fill.repeat(pad);
    return switch (align) {
      case "<" -> signText + body + padding;
      case "=" -> signText + padding + body;
      case "^" -> fill.repeat(pad / 2) + signText + body + fill.repeat(pad - pad / 2);
      default -> padding + signText + body;
    };
  }

  private static String number(Number n, String type, Integer precision, boolean alternate, String grouping, int line) {
    boolean integral = n instanceof Long;
    String s = switch (type) {
      case "", "d", "n" -> {
        if (!integral && type.equals("d")) {
          throw new PyError(line, "format code 'd' is for ints, not float");
        }
        yield integral ? Long.toString(n.longValue()) : precision == null ? PyValues.str(n) : String.format("%." + precision + "g", n.doubleValue());
      }
      case "x", "X", "o", "b" -> {
        if (!integral) {
          throw new PyError(line, "format code '" + type + "' is for ints, not float");
        }
        long l = n.longValue();
        String digits = switch (type) {
          case "o" -> Long.toOctalString(Math.abs(l));
          case "b" -> Long.toBinaryString(Math.abs(l));
          default -> Long.toHexString(Math.abs(l));
        };
        digits = (alternate ? "0" + type.toLowerCase() : "") + digits;
        yield (l < 0 ? "-" : "") + (type.equals("X") ? digits.toUpperCase() : digits);
      }
      case "c" -> Character.toString((int) n.longValue());
      case "%" -> String.format("%." + (precision == null ? 6 : precision) + "f%%", n.doubleValue() * 100);
      default -> String.format("%." + (precision == null ? 6 : precision) + type, n.doubleValue());
    };
    if (grouping != null && integral && (type.isEmpty() || type.equals("d"))) {
      s = String.format("%,d", n.longValue()).replace(",", grouping);
    }
    return s;
  }
}
