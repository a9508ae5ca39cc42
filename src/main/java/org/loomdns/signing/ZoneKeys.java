package org.loomdns.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.loomdns.zone.OnlineSigner;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The keys of one zone and how long their signatures last. The KSKs sign the DNSKEY set, the ZSKs
 * everything else (a zone whose only keys are KSKs signs all with them, as a combined key). What
 * the query path asks to sign is cached, a bounded number of sets, each for less than the time
 * after which a zone's signatures are refreshed, so a cached signature always has that long left.
 */
public final class ZoneKeys implements OnlineSigner {

  /** Inception an hour back, for validators whose clocks are behind. */
  private static final Duration SKEW = Duration.ofHours(1);
  private static final long CACHED_SETS = 100_000;

  /** A cached set: its records (equal whatever their TTLs) and the TTL its signatures state. */
  private record Key(List<Record> records, long ttl) {}

  private final Name origin;
  private final List<SigningKey> ksks;
  private final List<SigningKey> zsks;
  private final List<RrsetSigner> kskSigners;
  private final List<RrsetSigner> zskSigners;
  private final SignatureLifetime lifetime;
  /** Up to this many seconds are taken off each signature's validity (Duration's division is not cheap). */
  private final long jitterSeconds;
  private final Cache<Key, List<RRSIGRecord>> cache;

  ZoneKeys(Name origin, List<SigningKey> keys, SignatureLifetime lifetime) {
    this.origin = origin;
    this.lifetime = lifetime;
    this.jitterSeconds = Math.max(1, lifetime.jitter().toSeconds());
    this.cache = Caffeine.newBuilder().maximumSize(CACHED_SETS)
        .expireAfterWrite(lifetime.refresh().minus(lifetime.jitter())).build();
    this.ksks = keys.stream().filter(SigningKey::ksk).toList();
    List<SigningKey> z = keys.stream().filter(k -> !k.ksk()).toList();
    this.zsks = z.isEmpty() ? ksks : z;
    this.kskSigners = ksks.stream().map(RrsetSigner::new).toList();
    this.zskSigners = z.isEmpty() ? kskSigners : zsks.stream().map(RrsetSigner::new).toList();
  }

  public Name origin() {
    return origin;
  }

  /** The DNSKEY set to publish at the apex. */
  List<Record> dnskeys() {
    List<Record> out = new ArrayList<>();
    ksks.forEach(k -> out.add(k.dnskey()));
    zsks.stream().filter(k -> !k.ksk()).forEach(k -> out.add(k.dnskey()));
    return out;
  }

  /** The DS records (SHA-256) of the KSKs, for the parent zone. */
  public List<DSRecord> ds() {
    return ksks.stream().map(k -> new DSRecord(origin, DClass.IN, k.dnskey().getTTL(), DNSSEC.Digest.SHA256,
        k.dnskey())).toList();
  }

  @Override
  public List<RRSIGRecord> sign(RRset rrset) {
    return cache.get(new Key(rrset.rrs(false), rrset.getTTL()), k -> signNow(rrset));
  }

  /** Signatures over {@code rrset} made now, valid as the lifetime says, less some jitter. */
  List<RRSIGRecord> signNow(RRset rrset) {
    Instant now = Instant.now();
    long jitter = ThreadLocalRandom.current().nextLong(jitterSeconds);
    Instant expires = now.plus(lifetime.validity()).minusSeconds(jitter);
    List<RrsetSigner> by = rrset.getType() == Type.DNSKEY ? kskSigners : zskSigners;
    List<RRSIGRecord> out = new ArrayList<>(by.size());
    for (RrsetSigner k : by) {
      out.add(k.sign(rrset, now.minus(SKEW), expires));
    }
    return out;
  }

  @Override
  public boolean expiresSoon(RRSIGRecord sig) {
    return stale(sig, Instant.now());
  }

  /** Whether {@code sig} should be made again: it expires within the refresh time, or no key of ours made it. */
  boolean stale(RRSIGRecord sig, Instant now) {
    if (sig.getExpire().isBefore(now.plus(lifetime.refresh()))) {
      return true;
    }
    List<SigningKey> by = sig.getTypeCovered() == Type.DNSKEY ? ksks : zsks;
    return by.stream().noneMatch(k -> k.tag() == sig.getFootprint() && k.dnskey().getAlgorithm() == sig.getAlgorithm());
  }
}
