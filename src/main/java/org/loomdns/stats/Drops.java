package org.loomdns.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.loomdns.log.LogThrottle;

/**
 * Every kind of work the server declined, counted, and logged at most {@link LogThrottle#LINES}
 * times per interval for each kind. One instance per server, handed to the listeners and to the
 * stages that shed; a counter only ever grows.
 */
public final class Drops {

  /** What was shed, and the words a log line or a metric uses for it. */
  public enum Kind {
    UDP_OVER_CAP("udp_over_cap", "UDP queries dropped: every in-flight permit taken"),
    TCP_OVER_CAP("tcp_over_cap", "TCP connections closed at once: the cap reached and none idle to evict"),
    TCP_EVICTED("tcp_evicted", "idle TCP connections closed to make room for a new one"),
    TCP_BAD_MESSAGE("tcp_bad_message", "TCP connections closed for a zero-length or unparsable message"),
    TCP_IDLE("tcp_idle", "TCP connections closed after the idle timeout"),
    RATE_LIMITED_DROPPED("rate_limited_dropped", "UDP replies dropped by response rate limiting"),
    RATE_LIMITED_SLIPPED("rate_limited_slipped", "UDP replies sent truncated by response rate limiting"),
    RULE_TIMEOUT("rule_timeout", "rules stopped at --script-timeout"),
    RULE_ALLOCATION("rule_allocation", "rules stopped at their allocation limit"),
    RULE_BUSY("rule_busy", "rule queries refused because every rule thread was busy"),
    CACHE_TOO_LARGE("cache_too_large", "answers not cached because they are too large a share of the cache"),
    FORWARD_BUSY("forward_busy", "forwarded queries refused because every upstream exchange was taken"),
    QUERY_BYTES_OVER_CAP("query_bytes_over_cap", "queries dropped because the bytes of queries in flight were at their bound"),
    TSIG_FAILED("tsig_failed", "requests whose TSIG failed: unknown key, bad MAC, time outside the fudge or a truncated MAC"),
    UPDATE_QUEUE_FULL("update_queue_full", "dynamic updates answered SERVFAIL because their zone's queue was full"),
    QUERY_LOG_BEHIND("query_log_behind", "query log lines not written because the writer was behind (its queue full)"),
    DNSTAP_BEHIND("dnstap_behind", "dnstap messages not sent because the writer was behind (its queue full)");

    private final String metric;
    private final String meaning;

    Kind(String metric, String meaning) {
      this.metric = metric;
      this.meaning = meaning;
    }

    /** A name fit for a metric, in snake case. */
    public String metric() {
      return metric;
    }

    /** What the count counts, in words. */
    public String meaning() {
      return meaning;
    }
  }

  private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
  private final Map<Kind, LogThrottle> logs = new EnumMap<>(Kind.class);

  public Drops() {
    for (Kind k : Kind.values()) {
      counts.put(k, new LongAdder());
      logs.put(k, new LogThrottle());
    }
  }

  /** Counts one of {@code kind} and logs {@code format} with {@code arguments}, throttled. */
  public void count(Kind kind, String format, Object... arguments) {
    counts.get(kind).increment();
    logs.get(kind).warn(format, arguments);
  }

  /** Counts one of {@code kind} without a log line, for paths that log for themselves. */
  public void countQuietly(Kind kind) {
    counts.get(kind).increment();
  }

  /** How many of {@code kind} so far. */
  public long get(Kind kind) {
    return counts.get(kind).sum();
  }

  /** Every count at this moment, in the order of {@link Kind}. */
  public Map<Kind, Long> snapshot() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
