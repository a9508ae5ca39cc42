package org.loomdns.cache;

import java.time.Duration;
import java.util.Locale;

/**
 * How the cache keeps answers: its bound in bytes of heap (and in entries too when
 * {@code maxEntries > 0}), the TTL clamp, how long a SERVFAIL is held, and whether it prefetches
 * popular entries and serves stale ones (RFC 8767) when the stages behind it fail.
 */
public record CacheSettings(
    long maxEntries, long maxBytes, Duration minTtl, Duration maxTtl, Duration servfailTtl,
    boolean prefetch, boolean serveStale, Duration staleFor) {

  /**
   * The byte bound unless {@code --cache-size} says otherwise: a heap of 256 MiB keeps it with room
   * for everything else, and it holds some 37,000 one-record answers or 430 of 32 KB.
   */
  public static final long DEFAULT_BYTES = 32L << 20;
  /** One answer heavier than this share of the byte bound is passed on but not kept. */
  public static final int LARGEST_SHARE = 64;
  public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
  public static final Duration DEFAULT_SERVFAIL_TTL = Duration.ofSeconds(3);
  /** Longest a SERVFAIL may be held: it is a moment's trouble, not an answer. */
  public static final Duration MAX_SERVFAIL_TTL = Duration.ofSeconds(30);
  /** RFC 8767 section 5 suggests one to three days. */
  public static final Duration DEFAULT_STALE_FOR = Duration.ofDays(1);

  public CacheSettings {
    if (maxEntries < 0 || maxBytes < 1) {
      throw new IllegalArgumentException("--cache-size must be at least 1");
    }
    if (minTtl.isNegative() || maxTtl.isNegative() || minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("--cache-min-ttl must be 0 or more and at most --cache-max-ttl");
    }
    if (servfailTtl.isNegative() || servfailTtl.compareTo(MAX_SERVFAIL_TTL) > 0) {
      throw new IllegalArgumentException("--cache-servfail-ttl must be 0 to " + MAX_SERVFAIL_TTL.toSeconds() + " seconds");
    }
  }

  public static CacheSettings defaults() {
    return new CacheSettings(0, DEFAULT_BYTES, Duration.ZERO, DEFAULT_MAX_TTL, DEFAULT_SERVFAIL_TTL,
        true, true, DEFAULT_STALE_FOR);
  }

  /**
   * Applies a {@code --cache-size}: a number with a unit (b, k, m, g; binary multiples) is bytes
   * of heap; a plain number is entries, kept within the byte bound as well.
   */
  public CacheSettings withSize(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long multiplier = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'b' -> 1;
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 0;
    };
    String digits = multiplier == 0 ? t : t.substring(0, t.length() - 1);
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--cache-size is a number of entries or of bytes (e.g. 10000, 64m), not " + text);
    }
    if (n < 1 || n > Long.MAX_VALUE / Math.max(1, multiplier)) {
      throw new IllegalArgumentException("--cache-size must be at least 1, not " + text);
    }
    return multiplier == 0
        ? new CacheSettings(n, maxBytes, minTtl, maxTtl, servfailTtl, prefetch, serveStale, staleFor)
        : new CacheSettings(maxEntries, n * multiplier, minTtl, maxTtl, servfailTtl, prefetch, serveStale, staleFor);
  }

  public CacheSettings withTtls(Duration min, Duration max) {
    return new CacheSettings(maxEntries, maxBytes, min, max, servfailTtl, prefetch, serveStale, staleFor);
  }

  public CacheSettings withServfailTtl(Duration t) {
    return new CacheSettings(maxEntries, maxBytes, minTtl, maxTtl, t, prefetch, serveStale, staleFor);
  }

  public CacheSettings withPrefetch(boolean on) {
    return new CacheSettings(maxEntries, maxBytes, minTtl, maxTtl, servfailTtl, on, serveStale, staleFor);
  }

  public CacheSettings withServeStale(boolean on) {
    return new CacheSettings(maxEntries, maxBytes, minTtl, maxTtl, servfailTtl, prefetch, on, staleFor);
  }

  /** The most one entry may weigh; a heavier answer is not kept. */
  public long largestEntry() {
    return maxBytes / LARGEST_SHARE;
  }

  public String describeSize() {
    return (maxEntries > 0 ? maxEntries + " entries and " : "") + maxBytes + " bytes";
  }
}
