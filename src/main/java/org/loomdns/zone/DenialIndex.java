package org.loomdns.zone;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * A signed zone's denial chains, for the proofs of RFC 4035 section 3.1.3 and RFC 5155 section
 * 7.2: the owners of its NSEC records in canonical order (RFC 4034 section 6.1, which is how
 * dnsjava's {@link Name#compareTo} orders) and the owners of its NSEC3 records, which sort in hash
 * order too: each is one label of base32hex (RFC 4648, which keeps the order of the bytes) below
 * the origin. Built once per zone version, on the first signed negative answer; immutable. The
 * NSEC3 owners' hashes are kept decoded, in the same order, so a lookup hashes a name and
 * searches bytes: no base32 text, no name made, per query.
 */
public final class DenialIndex {

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private final Name[] nsec;
  private final Name[] nsec3;
  /** {@code nsec3[i]}'s first label decoded: the hash it stands for, in the same (ascending) order. */
  private final byte[][] hashes;
  /** The NSEC3 chain's hash algorithm, iterations and salt; null when the zone has no NSEC3. */
  private final NSEC3PARAMRecord params;

  /**
   * {@code owners}: the NSEC3 owners of one chain; one that is not a single base32hex label below
   * {@code origin} is no hash, and no proof names it.
   */
  private DenialIndex(Name origin, Name[] nsec, Name[] owners, NSEC3PARAMRecord params) {
    this.nsec = nsec;
    List<Map.Entry<byte[], Name>> chain = new ArrayList<>();
    for (Name owner : owners) {
      byte[] hash = owner.labels() == origin.labels() + 1 ? BASE32HEX.fromString(owner.getLabelString(0)) : null;
      if (hash != null) {
        chain.add(Map.entry(hash, owner));
      }
    }
    chain.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    this.hashes = chain.stream().map(Map.Entry::getKey).toArray(byte[][]::new);
    this.nsec3 = chain.stream().map(Map.Entry::getValue).toArray(Name[]::new);
    this.params = nsec3.length == 0 ? null : params;
  }

  static DenialIndex of(Name origin, Map<Name, Node> nodes) {
    NSEC3PARAMRecord params = apexParams(origin, nodes.get(origin));
    Name[] nsec = nodes.entrySet().stream().filter(e -> e.getValue().has(Type.NSEC))
        .map(Map.Entry::getKey).sorted().toArray(Name[]::new);
    Name[] nsec3 = new Name[0];
    for (var e : nodes.entrySet()) {
      RecordSet set = e.getValue().get(Type.NSEC3);
      if (set != null && params == null) {
        NSEC3Record r = (NSEC3Record) set.first();
        params = new NSEC3PARAMRecord(origin, r.getDClass(), 0, r.getHashAlgorithm(), 0, r.getIterations(),
            r.getSalt());
      }
    }
    if (params != null) {
      NSEC3PARAMRecord p = params;
      nsec3 = nodes.entrySet().stream()
          .filter(e -> e.getValue().has(Type.NSEC3) && sameChain((NSEC3Record) e.getValue().get(Type.NSEC3).first(), p))
          .map(Map.Entry::getKey).toArray(Name[]::new);
    }
    return new DenialIndex(origin, nsec, nsec3, params);
  }

  private static NSEC3PARAMRecord apexParams(Name origin, Node apex) {
    RecordSet set = apex == null ? null : apex.get(Type.NSEC3PARAM);
    if (set == null) {
      return null;
    }
    for (Record r : set.records()) {
      if (r instanceof NSEC3PARAMRecord p && p.getFlags() == 0) {
        return p;
      }
    }
    return null;
  }

  private static boolean sameChain(NSEC3Record r, NSEC3PARAMRecord p) {
    return r.getHashAlgorithm() == p.getHashAlgorithm() && r.getIterations() == p.getIterations()
        && Arrays.equals(r.getSalt(), p.getSalt());
  }

  /** Whether denial is by NSEC3 (RFC 5155); a zone with both chains is answered from NSEC3. */
  public boolean nsec3() {
    return params != null;
  }

  /** Whether the zone has an NSEC chain. */
  public boolean nsec() {
    return nsec.length > 0;
  }

  /**
   * The owner of the NSEC that matches or covers {@code name}: the greatest owner at or before it
   * in canonical order, or the last one (whose next name wraps to the apex) when none is before it.
   */
  public Name nsecFor(Name name) {
    return atOrBefore(nsec, name);
  }

  /** The NSEC3 owner that {@code name} hashes to, or null when its hash has none. */
  public Name nsec3Matching(Name name) {
    byte[] hash = hash(name);
    int at = hash == null ? -1 : search(hash);
    return at >= 0 ? nsec3[at] : null;
  }

  /** The owner of the NSEC3 whose span covers {@code name}'s hash: the greatest hash before it, wrapping. */
  public Name nsec3Covering(Name name) {
    return covering(hash(name));
  }

  /**
   * The closest-encloser proof of RFC 5155 section 7.2.1 for {@code name}, searched among its
   * ancestors down to {@code depth} labels (the zone's origin): each name hashed once, the next
   * closer name's hash kept from the step before. Null when no ancestor has an NSEC3.
   */
  public Nsec3Proof closestEncloser(Name name, int depth) {
    Name next = name;
    byte[] nextHash = null;
    for (int strip = 1; strip <= name.labels() - depth; strip++) {
      Name encloser = new Name(name, strip);
      byte[] hash = hash(encloser);
      if (hash == null) {
        return null;
      }
      int at = search(hash);
      if (at >= 0) {
        return new Nsec3Proof(encloser, nsec3[at], covering(nextHash != null ? nextHash : hash(next)));
      }
      next = encloser;
      nextHash = hash;
    }
    return null;
  }

  /**
   * A closest-encloser proof: {@code encloser}, the owner of the NSEC3 {@code matching} it, and
   * the owner of the one {@code covering} the next closer name.
   */
  public record Nsec3Proof(Name encloser, Name matching, Name covering) {}

  private Name covering(byte[] hash) {
    if (hash == null) {
      return null;
    }
    int at = search(hash);
    int before = at >= 0 ? at - 1 : -at - 2;
    return nsec3[before >= 0 ? before : nsec3.length - 1];
  }

  /** {@code hash}'s place in the chain, as {@link Arrays#binarySearch} gives it. */
  private int search(byte[] hash) {
    return Arrays.binarySearch(hashes, hash, Arrays::compareUnsigned);
  }

  private static Name atOrBefore(Name[] sorted, Name name) {
    if (sorted.length == 0) {
      return null;
    }
    int at = Arrays.binarySearch(sorted, name);
    int found = at >= 0 ? at : -at - 2;
    return sorted[found >= 0 ? found : sorted.length - 1];
  }

  /** {@code name}'s hash in this zone's chain, or null with no chain. */
  private byte[] hash(Name name) {
    if (params == null) {
      return null;
    }
    try {
      return params.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      return null; // an algorithm the JDK lacks: no proof, as without a chain
    }
  }
}
