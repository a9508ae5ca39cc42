package org.loomdns.dynamic;

import java.time.Duration;
import org.loomdns.units.ByteSize;

/**
 * What one rule may take for one query: {@code --script-timeout}, {@code --script-max-alloc} and
 * {@code --script-threads}.
 *
 * @param timeout how long a body may run, from the moment its name matched
 * @param allocation bytes a body may allocate; 0 for no limit
 * @param threads how many bodies may run at once, each on a platform thread; 0 runs every body on
 *     its query's own virtual thread: faster, but bounded by the interrupt alone
 */
public record RuleLimits(Duration timeout, long allocation, int threads) {

  public static final String DEFAULT_ALLOCATION = "64m";
  /** Two per core: enough that a stuck body leaves others room, few enough to leave the carriers CPU. */
  public static final int DEFAULT_THREADS = 2 * Runtime.getRuntime().availableProcessors();

  /**
   * @throws IllegalArgumentException naming the option that is out of range
   */
  public RuleLimits {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the script timeout must be positive");
    }
    if (allocation < 0) {
      throw new IllegalArgumentException("--script-max-alloc must be 0 (no limit) or more");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("--script-threads must be 0 (bodies on the query's own thread) or more");
    }
  }

  public static RuleLimits defaults(Duration timeout) {
    return new RuleLimits(timeout, bytes(DEFAULT_ALLOCATION), DEFAULT_THREADS);
  }

  /**
   * A {@code --script-max-alloc}: bytes, or a number with a unit (k, m, g; binary multiples).
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static long bytes(String text) {
    long bytes = ByteSize.parse(text);
    if (bytes < 0) {
      throw new IllegalArgumentException("--script-max-alloc is bytes, or a number with k, m or g (e.g. 64m), not " + text);
    }
    return bytes;
  }

}
