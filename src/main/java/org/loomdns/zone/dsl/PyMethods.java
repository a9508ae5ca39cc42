package org.loomdns.zone.dsl;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.zone.dsl.PyBuiltins.SliceValue;
import org.loomdns.zone.dsl.PyValues.Tuple;

/** The methods of str, bytes, list and dict a zone file calls, and indexing and slicing of sequences. */
final class PyMethods {

  private static final Set<String> STR = Set.of("format", "join", "upper", "lower", "strip", "lstrip", "rstrip",
      "split", "rsplit", "replace", "startswith", "endswith", "encode", "zfill", "ljust", "rjust", "center",
      "count", "find", "isdigit", "title", "capitalize");
  private static final Set<String> BYTES = Set.of("decode", "hex", "join", "upper", "lower", "startswith", "endswith");
  private static final Set<String> LIST = Set.of("append", "extend", "insert", "pop", "index", "count", "sort",
      "reverse", "remove", "copy");
  private static final Set<String> DICT = Set.of("get", "items", "keys", "values", "update", "setdefault", "copy");

  private PyMethods() {}

  static boolean has(Object v, String name) {
    return switch (v) {
      case String s -> STR.contains(name);
      case byte[] b -> BYTES.contains(name);
      case List<?> l -> LIST.contains(name);
      case Tuple t -> name.equals("index") || name.equals("count");
      case Map<?, ?> m -> DICT.contains(name);
      case null, default -> false;
    };
  }

  private static Object at(List<Object> args, int i, Object fallback) {
    return i < args.size() ? args.get(i) : fallback;
  }

  static Object call(PyEvaluator ev, Object v, String name, List<Object> args, Map<String, Object> named, int line) {
    if (v instanceof String s) {
      return str(s, name, args, named, line);
    }
    if (v instanceof byte[] b) {
      return switch (name) {
        case "decode" -> decode(b, line);
        case "hex" -> HexFormat.of().formatHex(b);
        case "join" -> PyValues.ascii(String.join(new String(b, StandardCharsets.ISO_8859_1),
            PyValues.list(args.get(0), line).stream().map(x -> new String((byte[]) x, StandardCharsets.ISO_8859_1)).toList()));
        default -> {
          String t = new String(b, StandardCharsets.ISO_8859_1);
          Object r = str(t, name, args.stream().map(a -> a instanceof byte[] x ? new String(x, StandardCharsets.ISO_8859_1) : a).toList(), named, line);
          yield r instanceof String x ? x.getBytes(StandardCharsets.ISO_8859_1) : r;
        }
      };
    }
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> map = (Map<Object, Object>) m;
      return switch (name) {
        case "get" -> map.containsKey(args.get(0)) ? map.get(args.get(0)) : at(args, 1, null);
        case "items" -> new ArrayList<>(map.entrySet().stream().map(e -> (Object) new Tuple(List.of(e.getKey(), e.getValue()))).toList());
        case "keys" -> new ArrayList<>(map.keySet());
        case "values" -> new ArrayList<>(map.values());
        case "setdefault" -> map.computeIfAbsent(args.get(0), k -> at(args, 1, null));
        case "copy" -> new java.util.LinkedHashMap<>(map);
        default -> {
          map.putAll((Map<?, ?>) args.get(0));
          yield null;
        }
      };
    }
    List<Object> items = v instanceof Tuple t ? t.items() : list(v);
    return switch (name) {
      case "append" -> {
        PyValues.bound(items.size() + 1L, line);
        PyValues.charge(1, line);
        items.add(args.get(0));
        yield null;
      }
      case "extend" -> {
        List<Object> more = PyValues.list(args.get(0), line);
        PyValues.bound((long) items.size() + more.size(), line);
        items.addAll(more);
        yield null;
      }
      case "insert" -> {
        long i = PyValues.integer(args.get(0), line, "an index");
        items.add((int) Math.max(0, Math.min(items.size(), i < 0 ? i + items.size() : i)), args.get(1));
        yield null;
      }
      case "pop" -> {
        if (items.isEmpty()) {
          throw new PyError(line, "pop from an empty list");
        }
        long i = args.isEmpty() ? items.size() - 1 : PyValues.integer(args.get(0), line, "an index");
        yield items.remove((int) (i < 0 ? i + items.size() : i));
      }
      case "index" -> {
        for (int i = 0; i < items.size(); i++) {
          if (PyValues.equal(items.get(i), args.get(0))) {
            yield (long) i;
          }
        }
        throw new PyError(line, PyValues.repr(args.get(0)) + " is not in the list");
      }
      case "count" -> items.stream().filter(x -> PyValues.equal(x, args.get(0))).count();
      case "sort" -> {
        List<Object> sorted = sort(ev, items, named, line);
        items.clear();
        items.addAll(sorted);
        yield null;
      }
      case "reverse" -> {
        Collections.reverse(items);
        yield null;
      }
      case "remove" -> {
        items.remove((int) (long) (Long) call(ev, v, "index", args, named, line));
        yield null;
      }
      default -> new ArrayList<>(items);
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v) {
    return (List<Object>) v;
  }

  private static Object str(String s, String name, List<Object> args, Map<String, Object> named, int line) {
    return switch (name) {
      case "format" -> PyValues.text(PyFormat.format(s, args, named, line), line);
      case "join" -> {
        List<String> parts = new ArrayList<>();
        for (Object o : PyValues.iterate(args.get(0), line)) {
          if (!(o instanceof String t)) {
            throw new PyError(line, "join() takes strings, not " + PyValues.type(o));
          }
          parts.add(t);
        }
        yield PyValues.text(String.join(s, parts), line);
      }
      case "upper" -> s.toUpperCase();
      case "lower" -> s.toLowerCase();
      case "title", "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
      case "strip" -> args.isEmpty() ? s.strip() : trim(trim(s, PyValues.str(args.get(0)), true), PyValues.str(args.get(0)), false);
      case "lstrip" -> args.isEmpty() ? s.stripLeading() : trim(s, PyValues.str(args.get(0)), true);
      case "rstrip" -> args.isEmpty() ? s.stripTrailing() : trim(s, PyValues.str(args.get(0)), false);
      case "split", "rsplit" -> {
        Object sep = at(args, 0, named.get("sep"));
        List<Object> out = new ArrayList<>();
        if (sep == null) {
          Arrays.stream(s.strip().split("\\s+")).filter(x -> !x.isEmpty()).forEach(out::add);
        } else {
          out.addAll(Arrays.asList((Object[]) s.split(java.util.regex.Pattern.quote(PyValues.str(sep)), -1)));
        }
        yield out;
      }
      case "replace" -> PyValues.text(s.replace(PyValues.str(args.get(0)), PyValues.str(args.get(1))), line);
      case "startswith", "endswith" -> {
        List<Object> options = args.get(0) instanceof Tuple t ? t.items() : List.of(args.get(0));
        yield options.stream().anyMatch(o -> name.equals("startswith") ? s.startsWith(PyValues.str(o)) : s.endsWith(PyValues.str(o)));
      }
      case "encode" -> encode(s, args.isEmpty() ? "utf-8" : PyValues.str(args.get(0)), line);
      case "zfill" -> PyFormat.spec(s, ">0" + PyValues.integer(args.get(0), line, "width"), line)
          .replaceFirst("^(0*)([+-])", "$2$1");
      case "ljust", "rjust", "center" -> PyFormat.spec(s, (args.size() > 1 ? PyValues.str(args.get(1)) : " ")
          + (name.equals("ljust") ? "<" : name.equals("rjust") ? ">" : "^") + PyValues.integer(args.get(0), line, "width"), line);
      case "count" -> (long) (s.isEmpty() ? 0 : s.split(java.util.regex.Pattern.quote(PyValues.str(args.get(0))), -1).length - 1);
      case "find" -> (long) s.indexOf(PyValues.str(args.get(0)));
      default -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    };
  }

  private static String trim(String s, String chars, boolean leading) {
    int a = 0;
    int b = s.length();
    if (leading) {
      while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
        a++;
      }
    } else {
      while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
        b--;
      }
    }
    return s.substring(a, b);
  }

  static String decode(byte[] b, int line) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] encode(String s, String charset, int line) {
    try {
      String cs = charset.equalsIgnoreCase("idna") ? "US-ASCII" : charset;
      return s.getBytes(Charset.forName(cs));
    } catch (IllegalArgumentException e) {
      throw new PyError(line, "unknown encoding: " + charset);
    }
  }

  static List<Object> sort(PyEvaluator ev, List<Object> items, Map<String, Object> named, int line) {
    Object key = named.get("key");
    boolean reverse = PyValues.truth(named.get("reverse"));
    List<Object[]> keyed = new ArrayList<>();
    for (Object o : items) {
      keyed.add(new Object[] {key == null ? o : ev.invoke(key, List.of(o), Map.of(), line), o});
    }
    keyed.sort((x, y) -> PyValues.compare(x[0], y[0], line));
    List<Object> out = new ArrayList<>(keyed.stream().map(x -> x[1]).toList());
    if (reverse) {
      Collections.reverse(out);
    }
    return out;
  }

  static Object index(Object v, Object index, int line) {
    List<?> items = switch (v) {
      case List<?> l -> l;
      case Tuple t -> t.items();
      case String s -> s.codePoints().mapToObj(Character::toString).toList();
      case byte[] b -> PyValues.list(b, line);
      case PyValues.Range r -> PyValues.list(r, line);
      case null, default -> throw new PyError(line, PyValues.type(v) + " is not subscriptable");
    };
    if (index instanceof SliceValue sl) {
      long step = sl.step() == null ? 1 : PyValues.integer(sl.step(), line, "a slice step");
      if (step == 0) {
        throw new PyError(line, "slice step cannot be zero");
      }
      int n = items.size();
      long lo = bound(sl.lower(), step > 0 ? 0 : n - 1, n, step, line);
      long hi = bound(sl.upper(), step > 0 ? n : -1, n, step, line);
      List<Object> out = new ArrayList<>();
      for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
        out.add(items.get((int) i));
      }
      return switch (v) {
        case String s -> String.join("", out.stream().map(String.class::cast).toList());
        case byte[] b -> PyBuiltins.builtin("bytes") instanceof PyEvaluator.Callable c ? c.call(null, List.of(out), Map.of(), line) : null;
        case Tuple t -> new Tuple(out);
        default -> out;
      };
    }
    long i = PyValues.integer(index, line, "an index");
    long at = i < 0 ? i + items.size() : i;
    if (at < 0 || at >= items.size()) {
      throw new PyError(line, "index " + i + " is out of range");
    }
    return items.get((int) at);
  }

  private static long bound(Object v, long fallback, int n, long step, int line) {
    if (v == null) {
      return fallback;
    }
    long i = PyValues.integer(v, line, "a slice index");
    if (i < 0) {
      i += n;
    }
    return step > 0 ? Math.max(0, Math.min(n, i)) : Math.max(-1, Math.min(n - 1, i));
  }
}
