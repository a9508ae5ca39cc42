package org.loomdns.zone;

import java.util.ArrayList;
import java.util.List;
import org.loomdns.units.ByteSize;

/**
 * The diffs one zone went through as we served it, oldest first, each starting where the one
 * before ended: what an incremental transfer sends a peer that holds an older version. Bounded in
 * count and in bytes, the oldest dropped first. Immutable: {@link #append} gives a new history.
 */
public final class ZoneHistory {

  /** How much history each zone keeps: at most {@code count} diffs of {@code bytes} together. */
  public record Limits(int count, long bytes) {

    /** 24 diffs within 16 MiB: a day of hourly changes. */
    public static final Limits DEFAULT = new Limits(24, 16L << 20);

    public Limits {
      if (count < 0) {
        throw new IllegalArgumentException("--ixfr-history must be 0 or more, not " + count);
      }
      if (bytes < 0) {
        throw new IllegalArgumentException("--ixfr-history-size must be 0 or more, not " + bytes);
      }
    }

    /** A count and a size in bytes, or a number with k, m or g (binary multiples). */
    public static Limits parse(int count, String size) {
      long bytes = ByteSize.parse(size);
      if (bytes < 0) {
        throw new IllegalArgumentException("--ixfr-history-size is bytes, or a number with k, m or g (e.g. 16m), not "
            + size);
      }
      return new Limits(count, bytes);
    }

  }

  public static final ZoneHistory EMPTY = new ZoneHistory(List.of(), 0);

  private final List<ZoneDiff> diffs;
  private final long bytes;

  private ZoneHistory(List<ZoneDiff> diffs, long bytes) {
    this.diffs = diffs;
    this.bytes = bytes;
  }

  /**
   * This history and then {@code diff}, the oldest diffs dropped until both limits hold. A diff
   * that does not start where the last one ended begins a new history: the old chain no longer
   * leads to the zone served.
   */
  public ZoneHistory append(ZoneDiff diff, Limits limits) {
    List<ZoneDiff> next = new ArrayList<>(diffs.size() + 1);
    long total = 0;
    if (diffs.isEmpty() || diffs.getLast().toSerial() == diff.fromSerial()) {
      next.addAll(diffs);
      total = bytes;
    }
    next.add(diff);
    total += diff.bytes();
    while (!next.isEmpty() && (next.size() > limits.count() || total > limits.bytes())) {
      total -= next.removeFirst().bytes();
    }
    return new ZoneHistory(List.copyOf(next), total);
  }

  /**
   * The diffs that lead from {@code serial} to {@code current}, in order, or null when this
   * history does not reach back to {@code serial} (or does not reach {@code current}).
   */
  public List<ZoneDiff> between(long serial, long current) {
    for (int i = 0; i < diffs.size(); i++) {
      if (diffs.get(i).fromSerial() == serial) {
        for (int j = i; j < diffs.size(); j++) {
          if (diffs.get(j).toSerial() == current) {
            return diffs.subList(i, j + 1);
          }
        }
        return null;
      }
    }
    return null;
  }

  public List<ZoneDiff> diffs() {
    return diffs;
  }

  /** What the diffs kept take, as {@link ZoneDiff#bytes()} counts it. */
  public long bytes() {
    return bytes;
  }
}
