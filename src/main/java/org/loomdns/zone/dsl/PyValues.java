package org.loomdns.zone.dsl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.xbill.DNS.Record;

/**
 * Python's values as the evaluator holds them (None is null, bool Boolean, int Long, float
 * Double, str String, bytes byte[], list ArrayList, dict LinkedHashMap, tuple {@link Tuple},
 * range {@link Range}) and Python's operators on them. Sizes are bounded, so a file cannot make
 * the server hold more than {@link #MAX_ITEMS} items or {@link #MAX_CHARS} characters at once.
 */
final class PyValues {

  static final int MAX_ITEMS = 5_000_000;
  static final int MAX_CHARS = 16 << 20;
  /** Items and characters one load may make in all, so many bounded lists cannot add up unbounded. */
  static final long BUDGET = 32_000_000;

  private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[1]);

  record Tuple(List<Object> items) {}

  record Range(long start, long stop, long step) implements Iterable<Object> {
    long size() {
      long span = step > 0 ? stop - start : start - stop;
      long s = Math.abs(step);
      return span <= 0 ? 0 : (span + s - 1) / s;
    }

    @Override
    public Iterator<Object> iterator() {
      return new Iterator<>() {
        long next = start;

        @Override
        public boolean hasNext() {
          return step > 0 ? next < stop : next > stop;
        }

        @Override
        public Object next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          long v = next;
          next += step;
          return v;
        }
      };
    }
  }

  private PyValues() {}

  static String type(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> "bool";
      case Long l -> "int";
      case Double d -> "float";
      case String s -> "str";
      case byte[] b -> "bytes";
      case List<?> l -> "list";
      case Tuple t -> "tuple";
      case Map<?, ?> m -> "dict";
      case Range r -> "range";
      case Record r -> "record";
      default -> "function";
    };
  }

  static boolean truth(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Long l -> l != 0;
      case Double d -> d != 0;
      case String s -> !s.isEmpty();
      case byte[] b -> b.length > 0;
      case List<?> l -> !l.isEmpty();
      case Tuple t -> !t.items.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case Range r -> r.size() > 0;
      default -> true;
    };
  }

  /** A bool is an int in arithmetic. */
  static Object number(Object v) {
    return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
  }

  static long integer(Object v, int line, String what) {
    Object n = number(v);
    if (n instanceof Long l) {
      return l;
    }
    throw new PyError(line, what + " must be an int, not " + type(v));
  }

  static Iterable<?> iterate(Object v, int line) {
    return switch (v) {
      case List<?> l -> new ArrayList<>(l);
      case Tuple t -> t.items;
      case Range r -> r;
      case Map<?, ?> m -> new ArrayList<>(m.keySet());
      case String s -> s.codePoints().mapToObj(Character::toString).toList();
      case byte[] b -> {
        List<Object> out = new ArrayList<>(b.length);
        for (byte x : b) {
          out.add((long) (x & 0xff));
        }
        yield out;
      }
      case null, default -> throw new PyError(line, type(v) + " is not iterable");
    };
  }

  static List<Object> list(Object v, int line) {
    List<Object> out = new ArrayList<>();
    for (Object o : iterate(v, line)) {
      out.add(o);
      bound(out.size(), line);
    }
    charge(out.size(), line);
    return out;
  }

  static void bound(long items, int line) {
    if (items > MAX_ITEMS) {
      throw new PyError(line, "more than " + MAX_ITEMS + " items in one list");
    }
  }

  /** Counts {@code n} items or characters made against the load's {@link #BUDGET}. */
  static void charge(long n, int line) {
    long[] spent = SPENT.get();
    spent[0] += n;
    if (spent[0] > BUDGET) {
      throw new PyError(line, "the file made more than " + BUDGET + " list items and characters in all");
    }
  }

  /** Starts a load's count from zero; {@link #endLoad} forgets it. */
  static void startLoad() {
    SPENT.get()[0] = 0;
  }

  static void endLoad() {
    SPENT.remove();
  }

  static String text(String s, int line) {
    if (s.length() > MAX_CHARS) {
      throw new PyError(line, "a string longer than " + MAX_CHARS + " characters");
    }
    charge(s.length(), line);
    return s;
  }

  static boolean equal(Object a, Object b) {
    Object x = number(a);
    Object y = number(b);
    if (x instanceof Number m && y instanceof Number n) {
      return m instanceof Long && n instanceof Long ? m.longValue() == n.longValue() : m.doubleValue() == n.doubleValue();
    }
    if (x instanceof byte[] p && y instanceof byte[] q) {
      return Arrays.equals(p, q);
    }
    if (x instanceof List<?> p && y instanceof List<?> q) {
      return sequenceEqual(p, q);
    }
    if (x instanceof Tuple p && y instanceof Tuple q) {
      return sequenceEqual(p.items, q.items);
    }
    return x == null ? y == null : x.equals(y);
  }

  private static boolean sequenceEqual(List<?> p, List<?> q) {
    if (p.size() != q.size()) {
      return false;
    }
    for (int i = 0; i < p.size(); i++) {
      if (!equal(p.get(i), q.get(i))) {
        return false;
      }
    }
    return true;
  }

  static int compare(Object a, Object b, int line) {
    Object x = number(a);
    Object y = number(b);
    if (x instanceof Long m && y instanceof Long n) {
      return Long.compare(m, n);
    }
    if (x instanceof Number m && y instanceof Number n) {
      return Double.compare(m.doubleValue(), n.doubleValue());
    }
    if (x instanceof String s && y instanceof String t) {
      return s.compareTo(t);
    }
    if (x instanceof byte[] s && y instanceof byte[] t) {
      return Arrays.compareUnsigned(s, t);
    }
    List<?> p = x instanceof Tuple t ? t.items : x instanceof List<?> l ? l : null;
    List<?> q = y instanceof Tuple t ? t.items : y instanceof List<?> l ? l : null;
    if (p != null && q != null && (x instanceof Tuple) == (y instanceof Tuple)) {
      for (int i = 0; i < Math.min(p.size(), q.size()); i++) {
        if (!equal(p.get(i), q.get(i))) {
          return compare(p.get(i), q.get(i), line);
        }
      }
      return Integer.compare(p.size(), q.size());
    }
    throw new PyError(line, "cannot order " + type(a) + " and " + type(b));
  }

  static boolean contains(Object container, Object item, int line) {
    if (container instanceof String s && item instanceof String t) {
      return s.contains(t);
    }
    if (container instanceof Map<?, ?> m) {
      return m.containsKey(item);
    }
    for (Object o : iterate(container, line)) {
      if (equal(o, item)) {
        return true;
      }
    }
    return false;
  }

  /** Python's str(). */
  static String str(Object v) {
    return switch (v) {
      case String s -> s;
      case Double d -> d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.isNaN() ? "nan"
          : d == Math.rint(d) && Math.abs(d) < 1e16 ? String.format("%.1f", d) : Double.toString(d).replace("E", "e+").replace("e+-", "e-");
      default -> repr(v);
    };
  }

  /** Python's repr(). */
  static String repr(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
      case byte[] b -> {
        StringBuilder out = new StringBuilder("b'");
        for (byte x : b) {
          int c = x & 0xff;
          out.append(c == '\\' || c == '\'' ? "\\" + (char) c : c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        yield out.append('\'').toString();
      }
      case List<?> l -> "[" + String.join(", ", l.stream().map(PyValues::repr).toList()) + "]";
      case Tuple t -> "(" + String.join(", ", t.items.stream().map(PyValues::repr).toList()) + (t.items.size() == 1 ? ",)" : ")");
      case Map<?, ?> m -> "{" + String.join(", ", m.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue())).toList()) + "}";
      case Range r -> "range(" + r.start + ", " + r.stop + (r.step == 1 ? ")" : ", " + r.step + ")");
      case Double d -> str(d);
      case Record r -> r.toString();
      default -> String.valueOf(v);
    };
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
