package org.loomdns.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.loomdns.chain.Outcome;
import org.loomdns.chain.Query;
import org.loomdns.chain.Question;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.Reusable;
import org.loomdns.chain.ReusableAnswers;
import org.loomdns.chain.ResolverChain;
import org.loomdns.stats.CacheReading;
import org.loomdns.stats.Drops;
import org.tinylog.Logger;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The cache stage: stands in front of the stages after it (dynamic, forwarder) and keeps what a
 * recursing stage fetched, positive and negative (RFC 2308), keyed by name, type, class and DO, in a
 * bounded Caffeine cache (W-TinyLFU eviction, no global lock). Every answer from it counts the
 * TTLs down. Popular entries are fetched again shortly before they expire, and an expired entry
 * is served once more (RFC 8767) when the stages behind fail with SERVFAIL.
 *
 * <p>The bound is in bytes of heap, each entry weighed by what it costs (see {@link Entry}), and
 * stale entries count against it like fresh ones, so the cache holds no more than its byte bound
 * whatever names clients ask. A bound in entries, when set, is kept through the same weights: each
 * entry weighs at least the byte bound's share of one entry. One answer heavier than
 * {@link CacheSettings#largestEntry} is passed on, not kept, and counted as
 * {@link Drops.Kind#CACHE_TOO_LARGE}, so that no single answer pushes out a large part of the cache.
 */
public final class CacheResolver implements Resolver, ReusableAnswers {

  /**
   * A question: its name in canonical (lower-case) wire form, type, class, DO and CD bits. DO apart:
   * an answer with RRSIGs is not for a client that did not ask for them, nor the reverse; CD apart:
   * what a validating upstream let through unchecked is not for clients that rely on its checks. Bytes rather
   * than the Name, because dnsjava's name hash collides often across similar names (host1, host2,
   * ...), and every collision costs a name comparison on the hit path.
   */
  private static final class Key {
    private final byte[] name;
    private final int type;
    private final int dclass;
    private final boolean dnssecOk;
    private final boolean checkingDisabled;
    private final int hash;

    /** Made from the whole question only, so that no caller can leave the DO bit out. */
    Key(Question question) {
      this.name = question.name().toWireCanonical();
      this.type = question.type();
      this.dclass = question.dclass();
      this.dnssecOk = question.dnssecOk();
      this.checkingDisabled = question.checkingDisabled();
      this.hash = (((Arrays.hashCode(name) * 31 + type) * 31 + dclass) * 2 + (dnssecOk ? 1 : 0)) * 2
          + (checkingDisabled ? 1 : 0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.type == type && k.dclass == dclass
          && k.dnssecOk == dnssecOk && k.checkingDisabled == checkingDisabled && Arrays.equals(k.name, name);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** RFC 2308 section 5 asks for a cap on negative TTLs; its examples say one to three hours. */
  static final long MAX_NEGATIVE_TTL = 3 * 3600;
  /** An entry is prefetched when asked for this often in its life... */
  static final int PREFETCH_HITS = 2;
  /** ...within the last tenth of its TTL, if that TTL is at least this long. */
  static final long PREFETCH_MIN_TTL = 10;
  /** Prefetches running at once, so that a burst of expiring entries cannot pile up threads. */
  static final int MAX_PREFETCHES = 32;

  private final CacheSettings settings;
  private final LongSupplier clock;
  private final Cache<Key, Entry> entries;
  private final Semaphore prefetches = new Semaphore(MAX_PREFETCHES);
  private final Drops drops;
  /** For metrics: what a metrics endpoint reads through {@link #reading()}. */
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  /** A cache that counts what it sheds into a Drops of its own. */
  public CacheResolver(CacheSettings settings) {
    this(settings, new Drops());
  }

  /** A cache that counts what it sheds into {@code drops}, the server's. */
  public CacheResolver(CacheSettings settings, Drops drops) {
    this(settings, System::nanoTime, drops);
  }

  CacheResolver(CacheSettings settings, LongSupplier clock) {
    this(settings, clock, new Drops());
  }

  CacheResolver(CacheSettings settings, LongSupplier clock, Drops drops) {
    this.settings = settings;
    this.clock = clock;
    this.drops = drops;
    long staleNanos = settings.serveStale() ? settings.staleFor().toNanos() : 0;
    int leastWeight = settings.maxEntries() > 0
        ? (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(settings.maxBytes(), settings.maxEntries()))
        : 0;
    this.entries = Caffeine.newBuilder()
        .ticker(clock::getAsLong)
        // Upkeep on the calling thread: small and bounded, and eviction is then done when put returns.
        .executor(Runnable::run)
        .maximumWeight(settings.maxBytes())
        .<Key, Entry>evictionListener((k, e, cause) -> {
          if (cause == RemovalCause.SIZE) {
            evictions.increment();
          }
        })
        .<Key, Entry>weigher((k, e) -> Math.max(e.weight, leastWeight))
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry e, long now) {
            return lifetime(e);
          }

          @Override
          public long expireAfterUpdate(Key key, Entry e, long now, long current) {
            return lifetime(e);
          }

          @Override
          public long expireAfterRead(Key key, Entry e, long now, long current) {
            return current;
          }

          private long lifetime(Entry e) {
            return e.ttlSeconds * 1_000_000_000L + (e.servfail() ? 0 : staleNanos);
          }
        })
        .build();
  }

  @Override
  public String name() {
    return "cache";
  }

  /** Hits (fresh or stale answers given), misses (questions passed on), evictions and sizes now. */
  public CacheReading reading() {
    long weighed = entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    return new CacheReading(hits.sum(), misses.sum(), evictions.sum(), entries.estimatedSize(), weighed,
        settings.maxBytes());
  }

  /**
   * A fresh entry's answer, which depends on the question and the time alone, until a hit may be
   * due to prefetch it: from then on hits come to {@link #resolveInFront}, which counts them.
   */
  @Override
  public Reusable answerFor(Question question) {
    Entry e = entries.getIfPresent(new Key(question));
    long now = clock.getAsLong();
    if (e == null || now - e.storedAt >= e.reusableFor * 1_000_000_000L) {
      return null;
    }
    e.hits.incrementAndGet(); // a hit all the same, for the prefetch decision
    hits.increment();
    Entry.Aged aged = e.aged(now, clock);
    return new Reusable(aged.answer(), aged.reuse());
  }

  /** Without the later stages in reach: a fresh entry or a pass. */
  @Override
  public Outcome resolve(Query query) {
    Entry e = entries.getIfPresent(key(query));
    long now = clock.getAsLong();
    boolean fresh = e != null && e.fresh(now);
    (fresh ? hits : misses).increment();
    return fresh ? e.at(now, clock) : Outcome.PASS;
  }

  @Override
  public Outcome resolveInFront(Query query, Later later) {
    Key key = key(query);
    Entry kept = entries.getIfPresent(key);
    long now = clock.getAsLong();
    if (kept != null && kept.fresh(now)) {
      if (settings.prefetch() && duePrefetch(kept, now)) {
        prefetch(key, kept, query, later);
      }
      hits.increment();
      return kept.at(now, clock);
    }
    if (kept != null && now - kept.staleUntil < 0) {
      hits.increment();
      return kept.stale();
    }
    misses.increment();
    ResolverChain.Resolution fetched = later.resolve(query);
    if (fetched.recursed() && fetched.outcome() instanceof Outcome.Answer answer) {
      if (answer.rcode() == Rcode.SERVFAIL && settings.serveStale() && kept != null && !kept.servfail()) {
        Logger.debug("serving stale {} {}: the stages behind failed", query.name(), Type.string(query.type()));
        kept.staleUntil = clock.getAsLong() + Math.max(1, settings.servfailTtl().toNanos());
        return kept.stale();
      }
      Outcome.Answer keptNow = keep(key, answer, clock.getAsLong());
      if (keptNow != null && !sameTtls(keptNow, answer)) {
        return keptNow; // the client sees the TTLs we keep, clamped
      }
    }
    return fetched.outcome();
  }

  /** How many entries the cache holds now, once pending evictions are done. */
  public long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  /** The weight of every entry held now, in bytes of heap, once pending evictions are done. */
  public long weight() {
    entries.cleanUp();
    return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  private static Key key(Query query) {
    return new Key(query.asked());
  }

  private boolean duePrefetch(Entry e, long now) {
    long left = e.ttlSeconds - e.ageSeconds(now);
    return e.hits.incrementAndGet() >= PREFETCH_HITS
        && e.ttlSeconds >= PREFETCH_MIN_TTL
        && left * 10 <= e.ttlSeconds
        && !e.servfail();
  }

  /**
   * The age at which a hit first finds the entry due for a prefetch (see {@link #duePrefetch}), or
   * its TTL when it never will be. Hits before that need not reach the cache at all.
   */
  private long prefetchesAfter(long ttl, int rcode) {
    return settings.prefetch() && ttl >= PREFETCH_MIN_TTL && rcode != Rcode.SERVFAIL ? ttl - ttl / 10 : ttl;
  }

  /** Fetches the entry again in the background; its client has already been answered. */
  private void prefetch(Key key, Entry e, Query query, Later later) {
    if (!prefetches.tryAcquire()) {
      return; // the next hit tries again
    }
    if (!e.prefetching.compareAndSet(false, true)) {
      prefetches.release();
      return;
    }
    Thread.ofVirtual().name("loomdns-prefetch").start(() -> {
      try {
        ResolverChain.Resolution fetched = later.resolve(query);
        if (fetched.recursed() && fetched.outcome() instanceof Outcome.Answer answer
            && answer.rcode() != Rcode.SERVFAIL) {
          keep(key, answer, clock.getAsLong());
        }
      } finally {
        prefetches.release();
      }
    });
  }

  /**
   * Stores what the stages behind fetched, if it may be kept, with its TTLs clamped; returns the
   * answer as kept, or null.
   */
  private Outcome.Answer keep(Key key, Outcome.Answer answer, long now) {
    Outcome.Answer clamped = clamp(answer);
    if (clamped == null) {
      return null;
    }
    long ttl = answer.rcode() == Rcode.SERVFAIL ? settings.servfailTtl().toSeconds() : minTtl(clamped);
    if (ttl > 0) {
      Entry e = new Entry(clamped, now, ttl, prefetchesAfter(ttl, answer.rcode()));
      if (e.weight > settings.largestEntry()) {
        // What we held for the question is older than this answer: not to be served again.
        entries.invalidate(key);
        drops.count(Drops.Kind.CACHE_TOO_LARGE,
            "cache: an answer of {} bytes is over 1/{} of the cache; passed on, not kept",
            e.weight, CacheSettings.LARGEST_SHARE);
      } else {
        entries.put(key, e);
      }
    }
    return clamped;
  }

  /**
   * The answer as kept, or null when it is not to be kept: NOERROR with records, NXDOMAIN or
   * NODATA with the zone's SOA (whose TTL becomes the negative TTL, the lesser of its own TTL and
   * its MINIMUM field, RFC 2308 section 5), and SERVFAIL; anything else (a referral, REFUSED, a
   * negative answer without SOA) is passed on but not kept.
   */
  private Outcome.Answer clamp(Outcome.Answer a) {
    if (a.rcode() == Rcode.SERVFAIL) {
      return Outcome.Answer.failure(Rcode.SERVFAIL);
    }
    boolean negative = a.rcode() == Rcode.NXDOMAIN || (a.rcode() == Rcode.NOERROR && a.answer().isEmpty());
    if (a.rcode() != Rcode.NOERROR && a.rcode() != Rcode.NXDOMAIN) {
      return null;
    }
    long min = settings.minTtl().toSeconds();
    long max = settings.maxTtl().toSeconds();
    if (negative) {
      SOARecord soa = null;
      for (Record r : a.authority()) {
        if (soa == null && r instanceof SOARecord s) {
          soa = s;
        }
      }
      if (soa == null) {
        return null;
      }
      long negativeTtl = Math.min(Math.min(soa.getTTL(), soa.getMinimum()), MAX_NEGATIVE_TTL);
      // The SOA's RRSIGs live as long as the SOA they cover (RFC 4035 section 3.1.3).
      return Entry.withTtls(a, r -> clamp(r.getType() == Type.SOA
          || (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.SOA) ? negativeTtl : r.getTTL(), min, max));
    }
    return Entry.withTtls(a, r -> clamp(r.getTTL(), min, max));
  }

  private static long clamp(long ttl, long min, long max) {
    return Math.max(min, Math.min(max, ttl));
  }

  private static long minTtl(Outcome.Answer a) {
    long min = Math.min(minTtl(a.answer()), Math.min(minTtl(a.authority()), minTtl(a.additional())));
    return min == Long.MAX_VALUE ? 0 : min;
  }

  private static long minTtl(List<Record> section) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < section.size(); i++) {
      min = Math.min(min, section.get(i).getTTL());
    }
    return min;
  }

  /** Whether the two answers hold their records with the same TTLs, section by section. */
  private static boolean sameTtls(Outcome.Answer a, Outcome.Answer b) {
    return sameTtls(a.answer(), b.answer()) && sameTtls(a.authority(), b.authority())
        && sameTtls(a.additional(), b.additional());
  }

  private static boolean sameTtls(List<Record> a, List<Record> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).getTTL() != b.get(i).getTTL()) {
        return false;
      }
    }
    return true;
  }
}
