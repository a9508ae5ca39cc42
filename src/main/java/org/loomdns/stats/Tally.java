package org.loomdns.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of results by subject: how each zone's transfers ended, say ({@code example.com.},
 * {@code ixfr}). Subjects and results come from the configuration and the code, never from a
 * client, so their number stays bounded.
 */
public final class Tally {

  /** A subject and one of its results. */
  public record Key(String subject, String result) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = subject.compareTo(o.subject);
      return c != 0 ? c : result.compareTo(o.result);
    }
  }

  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one {@code result} for {@code subject}. */
  public void count(String subject, String result) {
    counts.computeIfAbsent(new Key(subject, result), k -> new LongAdder()).increment();
  }

  /** The count of {@code key} now. */
  public long get(Key key) {
    LongAdder c = counts.get(key);
    return c == null ? 0 : c.sum();
  }

  /** Every count now. */
  public Map<Key, Long> snapshot() {
    Map<Key, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
