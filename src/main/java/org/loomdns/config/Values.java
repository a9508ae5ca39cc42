package org.loomdns.config;

import java.io.File;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A call's arguments checked against what its key takes, and turned into command-line text. */
final class Values {

  private Values() {}

  /**
   * The arguments of {@code name(...)} as text; a list among them counts as its elements.
   *
   * @param dir where a relative path is
   */
  static List<String> of(ConfigKey key, Object[] args, Path dir) {
    List<Object> flat = flatten(args);
    if (flat.isEmpty()) {
      throw new IllegalArgumentException(key.name() + " needs a value: " + example(key));
    }
    if (!key.repeatable() && flat.size() != 1) {
      throw new IllegalArgumentException(key.name() + " takes one value, not " + flat.size() + ": " + example(key));
    }
    if (flat.size() % key.arity() != 0) {
      throw new IllegalArgumentException(key.name() + " takes values " + key.arity() + " at a time, not "
          + flat.size() + ": " + example(key));
    }
    List<String> out = new ArrayList<>();
    for (Object v : flat) {
      out.add(text(key, v, dir));
    }
    return out;
  }

  /** The flat text of one value, or an error saying what the key takes instead. */
  static String text(ConfigKey key, Object v, Path dir) {
    String got = v == null ? "nothing (null)" : v instanceof CharSequence ? "'" + v + "'" : v + " (" + v.getClass().getSimpleName() + ")";
    String wrong = key.name() + " takes " + key.kind().says() + ", not " + got;
    return switch (key.kind()) {
      case FLAG -> {
        if (!(v instanceof Boolean)) {
          throw new IllegalArgumentException(wrong);
        }
        yield v.toString();
      }
      case COUNT, INTEGER, LONG -> {
        if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger)) {
          throw new IllegalArgumentException(wrong);
        }
        BigInteger n = new BigInteger(v.toString());
        BigInteger max = BigInteger.valueOf(key.kind() == ConfigKey.Kind.LONG ? Long.MAX_VALUE : Integer.MAX_VALUE);
        if (n.abs().compareTo(max) > 0 || (key.kind() == ConfigKey.Kind.COUNT && n.signum() < 0)) {
          throw new IllegalArgumentException(key.name() + ": " + v + " is out of range");
        }
        yield n.toString();
      }
      case TEXT -> {
        if (!(v instanceof CharSequence || v instanceof Integer || v instanceof Long)) {
          throw new IllegalArgumentException(wrong);
        }
        yield v.toString();
      }
      case PATH -> {
        if (!(v instanceof CharSequence || v instanceof File || v instanceof Path)) {
          throw new IllegalArgumentException(wrong);
        }
        yield dir.resolve(v.toString()).normalize().toString();
      }
    };
  }

  static List<Object> flatten(Object[] args) {
    List<Object> flat = new ArrayList<>();
    for (Object a : args) {
      if (a instanceof Collection<?> c) {
        flat.addAll(c);
      } else if (a instanceof Object[] array) {
        flat.addAll(List.of(array));
      } else {
        flat.add(a);
      }
    }
    return flat;
  }

  private static String example(ConfigKey key) {
    String one = switch (key.kind()) {
      case FLAG -> "true";
      case COUNT -> "1";
      case INTEGER, LONG -> "10";
      case TEXT -> "'...'";
      case PATH -> "'file'";
    };
    StringBuilder sb = new StringBuilder(key.name()).append(' ').append(one);
    for (int i = 1; i < key.arity(); i++) {
      sb.append(", ").append(one);
    }
    return sb.toString();
  }
}
