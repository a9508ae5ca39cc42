package org.loomdns.chain;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Whether, and how, the server may send an answer's encoded reply again to the same question
 * without asking the chain. Only {@link ReusableAnswers#answerFor}, which sees the question and
 * nothing else, can hand one out, and only of the kinds permitted here: while the data answered
 * from is current ({@link Generation}), or for a while with the TTLs counted down
 * ({@link #countingDown}). A stage cannot write a reuse of its own that looks at the client; the
 * chain alone narrows one to some clients ({@link ForClients}, {@link Views}) or to the passes before it.
 */
public sealed interface Reuse permits Generation, Reuse.CountingDown, ClientsReuse, GuardedReuse, ViewReuse {

  /** What {@link #age} says when the reply may not be sent again. */
  long NOT_NOW = -1;

  /**
   * {@link #NOT_NOW} when the reply may not go to {@code client} now; otherwise the whole seconds
   * by which every TTL in it is to be counted down (always 0 for zone data, whose TTLs stand still).
   */
  long age(InetSocketAddress client);

  /**
   * An answer whose TTLs were counted down by {@code countedSeconds} at {@code since} (nanos of
   * {@code clock}): reusable until {@code until}, each reply counted down by the seconds since.
   */
  static Reuse countingDown(long since, long countedSeconds, long until, LongSupplier clock) {
    return new CountingDown(since, countedSeconds, until, clock);
  }

  /** See {@link #countingDown}. */
  final class CountingDown implements Reuse {
    private final long since;
    private final long countedSeconds;
    private final long until;
    private final LongSupplier clock;

    private CountingDown(long since, long countedSeconds, long until, LongSupplier clock) {
      this.since = since;
      this.countedSeconds = countedSeconds;
      this.until = until;
      this.clock = clock;
    }

    @Override
    public long age(InetSocketAddress client) {
      long now = clock.getAsLong();
      if (now - until >= 0) {
        return NOT_NOW;
      }
      // The TTLs were counted down when the answer was made; count only whole seconds since.
      long seconds = Math.max(0, (now - since) / 1_000_000_000L);
      return Math.max(0, seconds - countedSeconds);
    }
  }
}
