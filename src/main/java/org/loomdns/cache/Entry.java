package org.loomdns.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.loomdns.chain.Outcome;
import org.loomdns.dnsjava.RecordCopies;
import org.loomdns.chain.Reuse;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One kept answer: its records with the TTLs they had when stored (already clamped), when it was
 * stored, and how long it is fresh. Every answer from it counts the TTLs down by the whole
 * seconds since then, and the server may send such an answer's reply again, counting its TTLs
 * down itself, until {@code reusableFor} seconds after the entry was stored (see {@link Reuse}).
 */
final class Entry {

  /** RFC 8767 section 4: a stale answer's records carry 30 seconds. */
  static final long STALE_TTL = 30;

  final Outcome.Answer answer;
  final long storedAt;
  final long ttlSeconds;
  /**
   * Seconds after storing during which hits need not come to the cache: the entry's whole life,
   * or less when a hit after that is to prefetch it.
   */
  final long reusableFor;
  final int weight;
  /** Hits since stored, read only to decide on a prefetch; a lost increment costs nothing. */
  final AtomicInteger hits = new AtomicInteger();
  /** Set by the one thread that prefetches this entry, so that no other one does too. */
  final AtomicBoolean prefetching = new AtomicBoolean();
  /**
   * Until when (clock nanos) the entry is served stale without asking the stages behind again
   * (RFC 8767's failure recheck timer); any thread may move it, and a lost write costs one fetch.
   */
  volatile long staleUntil;

  Entry(Outcome.Answer answer, long storedAt, long ttlSeconds, long reusableFor) {
    this.answer = answer;
    this.storedAt = storedAt;
    this.ttlSeconds = ttlSeconds;
    this.reusableFor = Math.min(ttlSeconds, reusableFor);
    this.weight = weigh(answer);
    this.staleUntil = storedAt; // not zero: the clock's nanos may be negative
  }

  long ageSeconds(long now) {
    return Math.max(0, (now - storedAt) / 1_000_000_000L);
  }

  boolean fresh(long now) {
    return now - storedAt < ttlSeconds * 1_000_000_000L;
  }

  boolean servfail() {
    return answer.rcode() == org.xbill.DNS.Rcode.SERVFAIL;
  }

  /** The answer counted down by {@code age} seconds, and on what terms the server may send it again. */
  record Aged(long age, Outcome.Answer answer, Reuse reuse) {}

  /** The answer as last counted down (see {@link #aged}). */
  private volatile Aged aged;

  /** The answer with every TTL counted down by the entry's age at {@code now}. */
  Outcome.Answer at(long now, LongSupplier clock) {
    return aged(now, clock).answer();
  }

  /**
   * The answer counted down to {@code now}, reusable by the server with the TTLs counted down
   * further until {@link #reusableFor} runs out; {@code clock} is the cache's, which {@code now}
   * came from. TTLs change once a second, so hits within that second share one copy; two threads
   * that count down at once each make one, and either may stay.
   */
  Aged aged(long now, LongSupplier clock) {
    long age = ageSeconds(now);
    Aged last = aged;
    if (last != null && last.age() == age) {
      return last;
    }
    Outcome.Answer counted = withTtls(answer, r -> r.getTTL() - age);
    Reuse reuse = Reuse.countingDown(storedAt, age, storedAt + reusableFor * 1_000_000_000L, clock);
    Aged fresh = new Aged(age, counted, reuse);
    aged = fresh;
    return fresh;
  }

  /** The answer past its time, every record at {@link #STALE_TTL}. */
  Outcome.Answer stale() {
    return withTtls(answer, r -> STALE_TTL);
  }

  interface TtlRule {
    long ttl(Record r);
  }

  static Outcome.Answer withTtls(Outcome.Answer a, TtlRule rule) {
    return new Outcome.Answer(a.rcode(), a.authoritative(), withTtls(a.answer(), rule),
        withTtls(a.authority(), rule), withTtls(a.additional(), rule));
  }

  private static List<Record> withTtls(List<Record> records, TtlRule rule) {
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(RecordCopies.withTtl(r, Math.max(0, rule.ttl(r))));
    }
    return out;
  }

  /** Heap an entry costs beyond its records: key, Caffeine's node, this object, the answer and its copy. */
  static final int ENTRY_HEAP = 640;
  /** Heap a record costs beyond its wire size: its object, its owner's, its counted-down copy. */
  static final int RECORD_HEAP = 192;

  /**
   * What the entry costs in heap, a little over rather than under: {@link #ENTRY_HEAP}, and per
   * record {@link #RECORD_HEAP} and one and a half times its wire size (uncompressed). Measured on
   * JDK 25 (compressed oops), entries filled from parsed replies and hit once a second later so
   * that each holds its counted-down copy, heap over this weight came to 0.73 for one A record
   * (644 bytes of heap), 0.75 for a CNAME and four A, 0.90 for an NXDOMAIN with its SOA, 0.74 for
   * 64 AAAA, 0.79 for 124 TXT records of 250 bytes (a 32 KB answer, 61 KB of heap) and 0.94 for
   * 200 short TXT records.
   */
  private static int weigh(Outcome.Answer a) {
    int bytes = ENTRY_HEAP;
    for (List<Record> section : List.of(a.answer(), a.authority(), a.additional())) {
      for (Record r : section) {
        int wire = r.toWire(Section.ANSWER).length;
        bytes += RECORD_HEAP + wire + wire / 2;
      }
    }
    return bytes;
  }
}
