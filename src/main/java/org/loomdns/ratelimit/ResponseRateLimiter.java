package org.loomdns.ratelimit;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.loomdns.stats.Drops;

/**
 * Response rate limiting, as BIND's {@code rate-limit} and Knot's {@code rrl} module do it: each
 * client network (/24, /56) has a bucket per reply identity (see {@link Replies#identity}) that
 * earns {@code rate} credits a second, holds at most {@code rate} and goes at most
 * {@code window * rate} into debt. A reply costs one credit; a reply that finds none is limited:
 * every {@code slip}-th of them, the first included, goes out truncated (TC, question only) so
 * that a real client behind a spoofed flood still gets its answer over TCP; the rest are dropped.
 * Errors are never slipped (as in BIND: over TCP they would be the same error).
 *
 * <p>The buckets live in a table of fixed size, so a flood of spoofed sources costs no memory:
 * {@link #SLOTS} places in sets of {@link #WAYS}, the set chosen by a keyed hash of network and
 * identity; a new bucket takes the place in its set that was credited longest ago. A bucket
 * left alone for {@code window} seconds is full again anyway, so in a table that is large enough
 * for the clients of the last {@code window} seconds nothing is lost.
 */
public final class ResponseRateLimiter {

  public static final int DEFAULT_SLIP = 2;
  public static final int DEFAULT_WINDOW = 15;
  /** 64 Ki buckets, about 1.3 MiB, made when rate limiting is turned on. */
  static final int SLOTS = 1 << 16;
  static final int WAYS = 4;
  private static final int STRIPES = 256;
  private static final long SECOND = 1_000_000_000L;

  /** What becomes of one reply. */
  enum Verdict { SEND, SLIP, DROP }

  private final int rate;
  private final int slip;
  private final int window;
  private final long floor;
  private final Drops drops;
  private final LongSupplier nanos;
  private final long origin;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final int sets;
  // One bucket per place: its key (0 when free), credit, the second it was last credited, and
  // how many replies it has limited since it last had credit (for the slip).
  private final long[] keys;
  private final int[] credits;
  private final int[] seconds;
  private final int[] limited;
  private final Object[] locks = new Object[STRIPES];

  /** {@code rate} replies a second per client network and identity; see the class comment. */
  public ResponseRateLimiter(int rate, int slip, int window, Drops drops) {
    this(rate, slip, window, drops, SLOTS, System::nanoTime);
  }

  ResponseRateLimiter(int rate, int slip, int window, Drops drops, int slots, LongSupplier nanos) {
    if (rate < 1 || slip < 0 || window < 1 || (long) rate * window > Integer.MAX_VALUE
        || slots < WAYS || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("rate " + rate + ", slip " + slip + ", window " + window
          + ", slots " + slots + ": rate and window at least 1 (their product an int), slip 0 or more, "
          + "slots a power of two");
    }
    this.rate = rate;
    this.slip = slip;
    this.window = window;
    this.floor = -(long) window * rate;
    this.drops = drops;
    this.nanos = nanos;
    this.origin = nanos.getAsLong();
    this.sets = slots / WAYS;
    this.keys = new long[slots];
    this.credits = new int[slots];
    this.seconds = new int[slots];
    this.limited = new int[slots];
    java.util.Arrays.fill(seconds, Integer.MIN_VALUE);
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** The limiter {@code rate} asks for, or null when it is 0: off, and nothing to check. */
  public static ResponseRateLimiter of(int rate, int slip, int window, Drops drops) {
    return rate == 0 ? null : new ResponseRateLimiter(rate, slip, window, drops);
  }

  /**
   * What of {@code reply} may go to {@code client} now: the reply itself, its truncated form, or
   * null when it is to be dropped. Counts what it slips and drops.
   */
  public byte[] admit(byte[] reply, InetSocketAddress client) {
    long network = Replies.network(client.getAddress());
    Verdict verdict = debit(network, Replies.identity(reply, seed));
    if (verdict == Verdict.SEND) {
      return reply;
    }
    byte[] slipped = verdict == Verdict.SLIP && !Replies.isError(reply) ? Replies.slip(reply) : null;
    if (slipped == null) {
      drops.count(Drops.Kind.RATE_LIMITED_DROPPED, "udp reply to {} dropped: over --rate-limit {} a second",
          client, rate);
      return null;
    }
    drops.count(Drops.Kind.RATE_LIMITED_SLIPPED, "udp reply to {} sent truncated: over --rate-limit {} a second",
        client, rate);
    return slipped;
  }

  /** Charges one reply of {@code identity} to {@code network}'s bucket. */
  Verdict debit(long network, long identity) {
    long key = Replies.mix(network * 0x9E3779B97F4A7C15L ^ identity ^ seed) | 1; // never 0, which marks a free place
    int set = (int) (key >>> 40) & (sets - 1);
    int first = set * WAYS;
    int now = (int) ((nanos.getAsLong() - origin) / SECOND);
    synchronized (locks[set & (STRIPES - 1)]) {
      int place = -1;
      int oldest = first;
      for (int at = first; at < first + WAYS; at++) {
        if (keys[at] == key) {
          place = at;
          break;
        }
        if (seconds[at] < seconds[oldest]) {
          oldest = at;
        }
      }
      if (place < 0) {
        place = oldest;
        keys[place] = key;
        credits[place] = rate;
        seconds[place] = now;
        limited[place] = 0;
      } else if (now > seconds[place]) {
        long age = (long) now - seconds[place];
        long credit = age > window ? rate : Math.min(rate, credits[place] + age * rate);
        credits[place] = (int) credit;
        seconds[place] = now;
        if (credit > 0) {
          limited[place] = 0; // a new run of limited replies starts with a slip
        }
      }
      if (--credits[place] >= 0) {
        return Verdict.SEND;
      }
      credits[place] = (int) Math.max(credits[place], floor);
      if (slip == 0) {
        return Verdict.DROP;
      }
      int count = limited[place];
      limited[place] = count + 1 == slip ? 0 : count + 1;
      return count == 0 ? Verdict.SLIP : Verdict.DROP;
    }
  }
}
