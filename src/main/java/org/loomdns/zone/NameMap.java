package org.loomdns.zone;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * A zone's names and their nodes: the map a zone of a million names is built into and queried
 * through. dnsjava's {@code Name.hashCode} takes each byte times 9, so {@code host19} and
 * {@code host20} collide and a zone of numbered hosts puts several names on many hashes; this
 * map hashes the name's lowercased wire form itself. Its entries are two arrays in the order the
 * names came (a transfer's order, mostly canonical, which a sort for AXFR out profits from), found
 * through an open-addressing table of longs that each hold a name's hash and its index: no object
 * per entry for the collector to copy, and growing touches no name. Names are equal as dnsjava's
 * are, whatever their case. Filled by one thread and read-only once published; nothing is
 * removed.
 */
final class NameMap<V> extends AbstractMap<Name, V> {

  private Name[] keys;
  private Object[] values;
  private int size;
  /** 0 for a free slot, else the name's hash in the high half and its index plus one in the low. */
  private long[] slots;

  NameMap() {
    this(8);
  }

  /** A map sized for {@code expected} names. */
  NameMap(int expected) {
    int capacity = Math.max(8, expected);
    keys = new Name[capacity];
    values = new Object[capacity];
    // At most half the slots are taken, so probes stay short.
    slots = new long[Integer.highestOneBit(capacity - 1) << 2];
  }

  /** A copy of {@code map}, in its order. */
  static <V> NameMap<V> copyOf(Map<Name, ? extends V> map) {
    NameMap<V> copy = new NameMap<>(map.size());
    for (Map.Entry<Name, ? extends V> e : map.entrySet()) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  /**
   * FNV-1a over the lowercased wire form, then murmur3's finalizer so that the low bits, which
   * pick the slot, depend on every byte.
   */
  static int hash(Name name) {
    int h = 0x811c9dc5;
    for (byte b : name.toWireCanonical()) {
      h = (h ^ b) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /**
   * Whether {@code a} and {@code b} are the same name, as {@code equals} tells but without its
   * first step, dnsjava's hash of each, which for a name just parsed is a walk of all its bytes.
   */
  static boolean same(Name a, Name b) {
    return a == b || (a.length() == b.length() && a.labels() == b.labels() && a.compareTo(b) == 0);
  }

  /** The index of {@code name}, or -1 - the free slot where it would go. */
  private int find(Name name, int hash) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == 0) {
        return -1 - i;
      }
      if ((int) (s >>> 32) == hash && same(keys[(int) s - 1], name)) {
        return (int) s - 1;
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    if (!(key instanceof Name name)) {
      return null;
    }
    int i = find(name, hash(name));
    return i < 0 ? null : (V) values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof Name name && find(name, hash(name)) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V put(Name key, V value) {
    Objects.requireNonNull(value);
    int h = hash(key);
    int i = find(key, h);
    if (i >= 0) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    append(key, value, h, -1 - i);
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V putIfAbsent(Name key, V value) {
    int i = addIfAbsent(key, value);
    return i >= 0 ? null : (V) values[-1 - i];
  }

  /**
   * Where {@code key} is: its index, once it is added with {@code value} when absent, or -1 - its
   * index when it was there (its value unchanged). A name keeps its index for the map's life, so
   * a builder may set its value again by {@link #setValueAt} without a second lookup.
   */
  int addIfAbsent(Name key, V value) {
    Objects.requireNonNull(value);
    int h = hash(key);
    int i = find(key, h);
    if (i >= 0) {
      return -1 - i;
    }
    append(key, value, h, -1 - i);
    return size - 1;
  }

  @SuppressWarnings("unchecked")
  V valueAt(int index) {
    return (V) values[index];
  }

  void setValueAt(int index, V value) {
    values[index] = Objects.requireNonNull(value);
  }

  private void append(Name key, Object value, int hash, int slot) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size] = value;
    size++;
    slots[slot] = ((long) hash << 32) | size;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
  }

  /** Moves every slot to a table of {@code length}: by the hashes kept, without a look at a name. */
  private void rehash(int length) {
    long[] grown = new long[length];
    int mask = length - 1;
    for (long s : slots) {
      if (s != 0) {
        int i = (int) (s >>> 32) & mask;
        while (grown[i] != 0) {
          i = (i + 1) & mask;
        }
        grown[i] = s;
      }
    }
    slots = grown;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<Name, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<Name, V>> iterator() {
        return new InOrder<>() {
          @Override
          @SuppressWarnings("unchecked")
          Map.Entry<Name, V> at(int i) {
            return Map.entry(keys[i], (V) values[i]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Set<Name> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Name> iterator() {
        return new InOrder<>() {
          @Override
          Name at(int i) {
            return keys[i];
          }
        };
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public boolean contains(Object o) {
        return containsKey(o);
      }
    };
  }

  /** The entries in the order they came; read-only. */
  private abstract class InOrder<T> implements Iterator<T> {
    private int next;

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public T next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }
}
