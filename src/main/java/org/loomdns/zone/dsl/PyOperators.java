package org.loomdns.zone.dsl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loomdns.zone.dsl.PyValues.Tuple;

/** Python's binary and unary operators on {@link PyValues}; int arithmetic that overflows 64 bits is an error. */
final class PyOperators {

  private PyOperators() {}

  static Object unary(String op, Object v, int line) {
    Object n = PyValues.number(v);
    return switch (op) {
      case "not" -> !PyValues.truth(v);
      case "-" -> n instanceof Long l ? (Object) Math.negateExact(l) : n instanceof Double d ? (Object) (-d) : unaryFail(op, v, line);
      case "+" -> n instanceof Number ? n : unaryFail(op, v, line);
      case "~" -> n instanceof Long l ? (Object) ~l : unaryFail(op, v, line);
      default -> unaryFail(op, v, line);
    };
  }

  static Object binary(String op, Object a, Object b, int line) {
    try {
      return apply(op, a, b, line);
    } catch (ArithmeticException e) {
      throw new PyError(line, e.getMessage().contains("zero") ? "division by zero" : "a number beyond 64 bits");
    }
  }

  private static Object apply(String op, Object a, Object b, int line) {
    if (op.equals("%") && a instanceof String s) {
      return PyValues.text(PyFormat.percent(s, b, line), line);
    }
    Object x = PyValues.number(a);
    Object y = PyValues.number(b);
    if (x instanceof Long m && y instanceof Long n) {
      return switch (op) {
        case "+" -> Math.addExact(m, n);
        case "-" -> Math.subtractExact(m, n);
        case "*" -> Math.multiplyExact(m, n);
        case "/" -> (double) m / (double) nonZero(n);
        case "//" -> Math.floorDiv(m, n);
        case "%" -> Math.floorMod(m, n);
        case "**" -> n < 0 ? (Object) Math.pow(m, n) : (Object) power(m, n);
        case "|" -> m | n;
        case "&" -> m & n;
        case "^" -> m ^ n;
        case "<<" -> n > 63 || Long.numberOfLeadingZeros(Math.abs(m)) <= n ? fail(op, a, b, line) : (Object) (m << n);
        case ">>" -> m >> Math.min(n, 63);
        default -> fail(op, a, b, line);
      };
    }
    if (x instanceof Number m && y instanceof Number n) {
      double p = m.doubleValue();
      double q = n.doubleValue();
      return switch (op) {
        case "+" -> p + q;
        case "-" -> p - q;
        case "*" -> p * q;
        case "/" -> p / nonZero(q);
        case "//" -> Math.floor(p / nonZero(q));
        case "%" -> p - Math.floor(p / nonZero(q)) * q;
        case "**" -> Math.pow(p, q);
        default -> fail(op, a, b, line);
      };
    }
    if (op.equals("+")) {
      return concatenate(a, b, line);
    }
    if (op.equals("*")) {
      if (y instanceof Long n) {
        return repeat(a, n, a, b, line);
      }
      if (x instanceof Long n) {
        return repeat(b, n, a, b, line);
      }
    }
    if (op.equals("|") && a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
      Map<Object, Object> out = new LinkedHashMap<>(m);
      out.putAll(n);
      return out;
    }
    return fail(op, a, b, line);
  }

  private static long nonZero(long n) {
    if (n == 0) {
      throw new ArithmeticException("zero");
    }
    return n;
  }

  private static double nonZero(double n) {
    if (n == 0) {
      throw new ArithmeticException("zero");
    }
    return n;
  }

  private static long power(long base, long exponent) {
    long result = 1;
    for (long i = 0; i < exponent; i++) {
      result = Math.multiplyExact(result, base);
      if (result == 0 || result == 1 && (base == 1 || base == -1 && i % 2 == 1)) {
        break;
      }
    }
    return result;
  }

  private static Object concatenate(Object a, Object b, int line) {
    if (a instanceof String s && b instanceof String t) {
      return PyValues.text(s + t, line);
    }
    if (a instanceof byte[] s && b instanceof byte[] t) {
      if ((long) s.length + t.length > PyValues.MAX_CHARS) {
        throw new PyError(line, "bytes longer than " + PyValues.MAX_CHARS);
      }
      PyValues.charge((long) s.length + t.length, line);
      ByteArrayOutputStream out = new ByteArrayOutputStream(s.length + t.length);
      out.writeBytes(s);
      out.writeBytes(t);
      return out.toByteArray();
    }
    if (a instanceof List<?> s && b instanceof List<?> t) {
      PyValues.bound((long) s.size() + t.size(), line);
      PyValues.charge((long) s.size() + t.size(), line);
      List<Object> out = new ArrayList<>(s);
      out.addAll(t);
      return out;
    }
    if (a instanceof Tuple s && b instanceof Tuple t) {
      List<Object> out = new ArrayList<>(s.items());
      out.addAll(t.items());
      return new Tuple(out);
    }
    return fail("+", a, b, line);
  }

  private static Object repeat(Object v, long n, Object a, Object b, int line) {
    long times = Math.max(0, n);
    return switch (v) {
      case String s -> {
        if (s.length() * times > PyValues.MAX_CHARS) {
          throw new PyError(line, "a string longer than " + PyValues.MAX_CHARS + " characters");
        }
        PyValues.charge(s.length() * times, line);
        yield s.repeat((int) times);
      }
      case byte[] s -> {
        if (s.length * times > PyValues.MAX_CHARS) {
          throw new PyError(line, "bytes longer than " + PyValues.MAX_CHARS);
        }
        PyValues.charge(s.length * times, line);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = 0; i < times; i++) {
          out.writeBytes(s);
        }
        yield out.toByteArray();
      }
      case List<?> l -> {
        PyValues.bound(l.size() * times, line);
        PyValues.charge(l.size() * times, line);
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) {
          out.addAll(l);
        }
        yield out;
      }
      case Tuple t -> {
        PyValues.bound(t.items().size() * times, line);
        PyValues.charge(t.items().size() * times, line);
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) {
          out.addAll(t.items());
        }
        yield new Tuple(out);
      }
      default -> fail("*", a, b, line);
    };
  }

  private static Object unaryFail(String op, Object v, int line) {
    throw new PyError(line, "bad operand type for unary " + op + ": " + PyValues.type(v));
  }

  private static Object fail(String op, Object a, Object b, int line) {
    throw new PyError(line, "unsupported operand types for " + op + ": " + PyValues.type(a) + " and " + PyValues.type(b));
  }
}
