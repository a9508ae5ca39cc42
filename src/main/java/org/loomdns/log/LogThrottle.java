package org.loomdns.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Lets one kind of warning through a few times per interval and counts the rest; the next line
 * that gets through says how many were held back. A rule that throws on every query, or a reply
 * that can never be sent, is then reported every interval instead of once per query: a line per
 * query would flood the log and slow the answers down (figures in docs/benchmark.md).
 *
 * <p>Lock-free and approximate: when an interval ends, threads racing on it may let a line or
 * two more through. Only the failure path calls it.
 */
public final class LogThrottle {

  /** What most call sites want: 10 lines per 10 seconds. */
  public static final int LINES = 10;
  public static final Duration INTERVAL = Duration.ofSeconds(10);

  private final int lines;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong intervalStart;
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicLong heldBack = new AtomicLong();

  public LogThrottle() {
    this(LINES, INTERVAL, System::nanoTime);
  }

  LogThrottle(int lines, Duration interval, LongSupplier clock) {
    this.lines = lines;
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.intervalStart = new AtomicLong(clock.getAsLong());
  }

  /**
   * Whether a line may be written now: -1 when it is to be held back, otherwise how many were
   * held back since the last line that got through.
   */
  long admit() {
    long now = clock.getAsLong();
    long start = intervalStart.get();
    if (now - start >= intervalNanos && intervalStart.compareAndSet(start, now)) {
      used.set(0);
    }
    if (used.incrementAndGet() > lines) {
      heldBack.incrementAndGet();
      return -1;
    }
    return heldBack.getAndSet(0);
  }

  /** {@link Logger#warn(String, Object...)}, unless this interval's lines are used up. */
  public void warn(String format, Object... arguments) {
    long held = admit();
    if (held >= 0) {
      Logger.warn(format + note(held), arguments);
    }
  }

  /** {@link Logger#error(Throwable, String, Object...)}, unless this interval's lines are used up. */
  public void error(Throwable cause, String format, Object... arguments) {
    long held = admit();
    if (held >= 0) {
      Logger.error(cause, format + note(held), arguments);
    }
  }

  private String note(long held) {
    return held == 0 ? "" : " (" + held + " more like this were not logged; at most " + lines + " lines per "
        + intervalNanos / 1_000_000_000L + " s)";
  }
}
