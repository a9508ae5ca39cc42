package org.loomdns.zone.dsl;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.zone.dsl.PyEvaluator.Callable;
import org.loomdns.zone.dsl.PyEvaluator.Scope;
import org.loomdns.zone.dsl.PyNode.Import;
import org.loomdns.zone.dsl.PyValues.Range;
import org.loomdns.zone.dsl.PyValues.Tuple;

/**
 * Python's builtin functions a zone file uses (range, len, str, int, enumerate, zip, sorted...),
 * subscripts, attributes, and imports. A file may import only what Twisted's pyzone files import:
 * {@code twisted.names} modules (getSerial, and dns for its Record_ names) and {@code time}.
 */
final class PyBuiltins {

  record SliceValue(Object lower, Object upper, Object step) {}

  /** A module a file imported: its members by name. */
  record Module(String name, Map<String, Object> members) {}

  private static final Set<String> NAMES = Set.of("range", "len", "str", "int", "float", "bool", "list", "tuple",
      "dict", "enumerate", "zip", "sorted", "reversed", "min", "max", "sum", "abs", "hex", "oct", "chr", "ord",
      "bytes", "repr", "round", "map", "filter", "any", "all", "print", "isinstance", "divmod", "format", "set");

  private PyBuiltins() {}

  static Object builtin(String name) {
    return NAMES.contains(name) ? (Callable) (ev, args, named, line) -> call(ev, name, args, named, line) : null;
  }

  private static Object arg(List<Object> args, int i, String fn, int line) {
    if (i >= args.size()) {
      throw new PyError(line, fn + "() needs at least " + (i + 1) + " arguments");
    }
    return args.get(i);
  }

  private static Object call(PyEvaluator ev, String fn, List<Object> args, Map<String, Object> named, int line) {
    if (!named.isEmpty() && !Set.of("sorted", "print", "min", "max").contains(fn)) {
      throw new PyError(line, fn + "() takes no keyword arguments here");
    }
    return switch (fn) {
      case "range" -> {
        List<Long> n = args.stream().map(a -> PyValues.integer(a, line, "range()'s argument")).toList();
        if (n.isEmpty() || n.size() > 3 || n.size() == 3 && n.get(2) == 0) {
          throw new PyError(line, "range() takes 1 to 3 ints, and a step other than 0");
        }
        yield n.size() == 1 ? new Range(0, n.get(0), 1) : new Range(n.get(0), n.get(1), n.size() == 3 ? n.get(2) : 1);
      }
      case "len" -> (long) length(arg(args, 0, fn, line), line);
      case "str" -> args.isEmpty() ? "" : args.get(0) instanceof byte[] b && args.size() > 1
          ? PyMethods.decode(b, line) : PyValues.str(args.get(0));
      case "repr" -> PyValues.repr(arg(args, 0, fn, line));
      case "int" -> toInt(args, line);
      case "float" -> args.isEmpty() ? 0.0 : args.get(0) instanceof String s ? parseFloat(s, line)
          : ((Number) PyValues.number(checkNumber(args.get(0), line))).doubleValue();
      case "bool" -> !args.isEmpty() && PyValues.truth(args.get(0));
      case "list", "set" -> args.isEmpty() ? new ArrayList<>() : distinct(fn, PyValues.list(args.get(0), line));
      case "tuple" -> new Tuple(args.isEmpty() ? List.of() : PyValues.list(args.get(0), line));
      case "dict" -> {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (!args.isEmpty()) {
          for (Object pair : PyValues.iterate(args.get(0), line)) {
            List<Object> kv = PyValues.list(pair, line);
            m.put(kv.get(0), kv.get(1));
          }
        }
        yield m;
      }
      case "enumerate" -> {
        List<Object> out = new ArrayList<>();
        long i = args.size() > 1 ? PyValues.integer(args.get(1), line, "start") : 0;
        for (Object o : PyValues.iterate(arg(args, 0, fn, line), line)) {
          out.add(new Tuple(List.of(i++, o)));
        }
        yield out;
      }
      case "zip" -> {
        List<List<Object>> lists = args.stream().map(a -> PyValues.list(a, line)).toList();
        int n = lists.stream().mapToInt(List::size).min().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          final int k = i;
          out.add(new Tuple(lists.stream().map(l -> l.get(k)).toList()));
        }
        yield out;
      }
      case "sorted" -> PyMethods.sort(ev, PyValues.list(arg(args, 0, fn, line), line), named, line);
      case "reversed" -> {
        List<Object> l = PyValues.list(arg(args, 0, fn, line), line);
        Collections.reverse(l);
        yield l;
      }
      case "min", "max" -> {
        List<Object> l = args.size() == 1 ? PyValues.list(args.get(0), line) : args;
        if (l.isEmpty()) {
          throw new PyError(line, fn + "() of an empty sequence");
        }
        Object best = l.get(0);
        for (Object o : l) {
          int c = PyValues.compare(o, best, line);
          best = fn.equals("min") ? (c < 0 ? o : best) : (c > 0 ? o : best);
        }
        yield best;
      }
      case "sum" -> {
        Object total = args.size() > 1 ? args.get(1) : 0L;
        for (Object o : PyValues.iterate(arg(args, 0, fn, line), line)) {
          total = PyOperators.binary("+", total, o, line);
        }
        yield total;
      }
      case "abs" -> PyValues.number(arg(args, 0, fn, line)) instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs((Double) checkNumber(args.get(0), line));
      case "hex" -> prefixed("0x", Long.toHexString(Math.abs(PyValues.integer(arg(args, 0, fn, line), line, "hex()'s argument"))), args.get(0));
      case "oct" -> prefixed("0o", Long.toOctalString(Math.abs(PyValues.integer(arg(args, 0, fn, line), line, "oct()'s argument"))), args.get(0));
      case "chr" -> Character.toString((int) PyValues.integer(arg(args, 0, fn, line), line, "chr()'s argument"));
      case "ord" -> arg(args, 0, fn, line) instanceof String s && s.codePointCount(0, s.length()) == 1
          ? (Object) (long) s.codePointAt(0) : fail(line, "ord() expects one character");
      case "bytes" -> bytes(args, line);
      case "round" -> Math.round(((Number) PyValues.number(checkNumber(arg(args, 0, fn, line), line))).doubleValue());
      case "map", "filter" -> {
        Object f = arg(args, 0, fn, line);
        List<Object> out = new ArrayList<>();
        for (Object o : PyValues.iterate(arg(args, 1, fn, line), line)) {
          Object r = f == null ? o : ev.invoke(f, List.of(o), Map.of(), line);
          if (fn.equals("map")) {
            out.add(r);
          } else if (PyValues.truth(r)) {
            out.add(o);
          }
        }
        yield out;
      }
      case "any" -> PyValues.list(arg(args, 0, fn, line), line).stream().anyMatch(PyValues::truth);
      case "all" -> PyValues.list(arg(args, 0, fn, line), line).stream().allMatch(PyValues::truth);
      case "divmod" -> new Tuple(List.of(PyOperators.binary("//", arg(args, 0, fn, line), arg(args, 1, fn, line), line),
          PyOperators.binary("%", args.get(0), args.get(1), line)));
      case "format" -> PyFormat.spec(arg(args, 0, fn, line), args.size() > 1 ? PyValues.str(args.get(1)) : "", line);
      case "isinstance" -> fail(line, "isinstance() is not read in a zone file");
      default -> null; // print: a zone file's output has nowhere to go in a server
    };
  }

  private static Object distinct(String fn, List<Object> items) {
    if (fn.equals("list")) {
      return items;
    }
    List<Object> out = new ArrayList<>();
    items.stream().filter(o -> out.stream().noneMatch(x -> PyValues.equal(x, o))).forEach(out::add);
    return out;
  }

  private static String prefixed(String prefix, String digits, Object v) {
    return (PyValues.integer(v, 0, "") < 0 ? "-" : "") + prefix + digits;
  }

  private static Object checkNumber(Object v, int line) {
    if (PyValues.number(v) instanceof Number) {
      return PyValues.number(v);
    }
    throw new PyError(line, "expected a number, not " + PyValues.type(v));
  }

  private static double parseFloat(String s, int line) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new PyError(line, "could not convert '" + s + "' to float");
    }
  }

  private static Object toInt(List<Object> args, int line) {
    if (args.isEmpty()) {
      return 0L;
    }
    Object v = args.get(0);
    if (v instanceof String s) {
      int base = args.size() > 1 ? (int) PyValues.integer(args.get(1), line, "base") : 10;
      String t = s.strip().replace("_", "");
      if (base == 16 && t.toLowerCase().startsWith("0x")) {
        t = t.substring(2);
      }
      try {
        return Long.parseLong(t, base);
      } catch (NumberFormatException e) {
        throw new PyError(line, "invalid literal for int() with base " + base + ": '" + s + "'");
      }
    }
    Object n = checkNumber(v, line);
    return n instanceof Double d ? (Object) (long) (double) d : n;
  }

  private static byte[] bytes(List<Object> args, int line) {
    if (args.isEmpty()) {
      return new byte[0];
    }
    Object v = args.get(0);
    if (v instanceof String s) {
      return PyMethods.encode(s, args.size() > 1 ? PyValues.str(args.get(1)) : "utf-8", line);
    }
    if (PyValues.number(v) instanceof Long n) {
      if (n < 0 || n > PyValues.MAX_CHARS) {
        throw new PyError(line, "bytes(" + n + ") is out of range");
      }
      return new byte[(int) (long) n];
    }
    List<Object> items = PyValues.list(v, line);
    byte[] out = new byte[items.size()];
    for (int i = 0; i < out.length; i++) {
      long b = PyValues.integer(items.get(i), line, "a byte");
      if (b < 0 || b > 255) {
        throw new PyError(line, "bytes must be in range(0, 256)");
      }
      out[i] = (byte) b;
    }
    return out;
  }

  private static Object fail(int line, String message) {
    throw new PyError(line, message);
  }

  static int length(Object v, int line) {
    return switch (v) {
      case String s -> s.codePointCount(0, s.length());
      case byte[] b -> b.length;
      case List<?> l -> l.size();
      case Tuple t -> t.items().size();
      case Map<?, ?> m -> m.size();
      case Range r -> (int) Math.min(Integer.MAX_VALUE, r.size());
      default -> throw new PyError(line, "object of type " + PyValues.type(v) + " has no len()");
    };
  }

  static Object attribute(Object v, String name, int line) {
    if (v instanceof Module m) {
      Object member = m.members().get(name);
      if (member == null) {
        throw new PyError(line, "module '" + m.name() + "' has no attribute '" + name + "' a zone file may use");
      }
      return member;
    }
    if (v instanceof Callable && name.equals("fromhex")) {
      return (Callable) (ev, args, named, l) -> HexFormat.of().parseHex(PyValues.str(args.get(0)).replace(" ", ""));
    }
    if (!PyMethods.has(v, name)) {
      throw new PyError(line, PyValues.type(v) + " has no attribute '" + name + "'");
    }
    return (Callable) (ev, args, named, l) -> PyMethods.call(ev, v, name, args, named, l);
  }

  static Object getItem(Object v, Object index, int line) {
    if (v instanceof Map<?, ?> m) {
      Object key = m.keySet().stream().filter(k -> PyValues.equal(k, index)).findFirst()
          .orElseThrow(() -> new PyError(line, "key " + PyValues.repr(index) + " is not in the dict"));
      return m.get(key);
    }
    return PyMethods.index(v, index, line);
  }

  @SuppressWarnings("unchecked")
  static void setItem(Object v, Object index, Object value, int line) {
    if (v instanceof Map<?, ?> m) {
      ((Map<Object, Object>) m).put(index, value);
    } else if (v instanceof List<?> l && !(index instanceof SliceValue)) {
      long i = PyValues.integer(index, line, "a list index");
      int at = (int) (i < 0 ? i + l.size() : i);
      if (at < 0 || at >= l.size()) {
        throw new PyError(line, "list assignment index out of range");
      }
      ((List<Object>) l).set(at, value);
    } else {
      throw new PyError(line, PyValues.type(v) + " does not support item assignment");
    }
  }

  /** Binds what an import line names, or fails for a module a zone file has no use for. */
  static void importNames(Import i, Scope s) {
    for (int k = 0; k < i.bound().size(); k++) {
      String imported = i.imported().get(k);
      String module = imported.isEmpty() ? i.module() : i.module() + "." + imported;
      Object value = module(module);
      if (value == null && !imported.isEmpty()) {
        Object parent = module(i.module());
        value = parent instanceof Module m ? (imported.equals("*") ? m : m.members().get(imported)) : null;
      }
      if (value == null) {
        throw new PyError(i.line(), "a zone file here may import twisted.names (authority.getSerial, dns) and time;"
            + " not " + (imported.isEmpty() ? i.module() : imported + " from " + i.module()));
      }
      if (imported.equals("*") && value instanceof Module m) {
        s.vars.putAll(m.members());
      } else if (imported.isEmpty() && i.module().contains(".") && i.bound().get(k).equals(i.module().split("\\.")[0])) {
        s.vars.put(i.bound().get(k), module(i.module().split("\\.")[0]));
      } else {
        s.vars.put(i.bound().get(k), value);
      }
    }
  }

  private static Object module(String name) {
    return switch (name) {
      case "twisted" -> new Module(name, Map.of("names", module("twisted.names")));
      case "twisted.names" -> new Module(name, Map.of("authority", module("twisted.names.authority"), "dns", module("twisted.names.dns")));
      case "twisted.names.authority" -> new Module(name, Map.of("getSerial", PyRecords.GET_SERIAL));
      case "twisted.names.dns" -> new Module(name, PyRecords.dnsModule());
      case "time" -> new Module(name, Map.of(
          "time", (Callable) (ev, args, named, line) -> System.currentTimeMillis() / 1000.0,
          "strftime", (Callable) (ev, args, named, line) -> strftime(PyValues.str(args.get(0)))));
      default -> null;
    };
  }

  private static String strftime(String format) {
    LocalDateTime now = LocalDateTime.now();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        out.append(c);
        continue;
      }
      char f = format.charAt(++i);
      out.append(switch (f) {
        case 'Y' -> String.format("%04d", now.getYear());
        case 'm' -> String.format("%02d", now.getMonthValue());
        case 'd' -> String.format("%02d", now.getDayOfMonth());
        case 'H' -> String.format("%02d", now.getHour());
        case 'M' -> String.format("%02d", now.getMinute());
        case 'S' -> String.format("%02d", now.getSecond());
        case 'y' -> now.format(DateTimeFormatter.ofPattern("yy"));
        case 'j' -> String.format("%03d", now.getDayOfYear());
        default -> "%" + f;
      });
    }
    return out.toString();
  }
}
