package org.loomdns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The whole NSEC3 chain of a zone signed online, with its NSEC3PARAM, signed: what a transfer of
 * it carries, so that a secondary (or {@code dnssec-verify}) gets a complete signed zone, where
 * queries are answered with white lies made on demand. Same parameters as those: SHA-1, no
 * iterations, no salt. Names below a cut (glue) have no NSEC3; an empty non-terminal's has no
 * types. Immutable, one per version; the next version's is made from it, so an NSEC3 that did not
 * change keeps its signatures (a secondary holding them finds them in the IXFR's deletions), and
 * the two differ by exactly the NSEC3 records and signatures that changed.
 */
final class Nsec3Chain {

  /** One name's NSEC3 and the signatures over it. */
  private record Link(byte[] hash, NSEC3Record nsec3, List<RRSIGRecord> sigs) {}

  private final List<Record> param;
  private final List<Link> links;
  private final Map<Name, Link> byName;

  private Nsec3Chain(List<Record> param, List<Link> links, Map<Name, Link> byName) {
    this.param = param;
    this.links = links;
    this.byName = byName;
  }

  /**
   * The chain of {@code nodes}, its NSEC3 with {@code ttl}; what {@code previous} (may be null)
   * holds unchanged, and signed by signatures that do not expire soon, is kept as it was.
   */
  static Nsec3Chain of(Name origin, Map<Name, Node> nodes, long ttl, OnlineSigner signer, Nsec3Chain previous) {
    NSEC3PARAMRecord p = new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0,
        OnlineSigner.NSEC3_ITERATIONS, null);
    List<Record> param = previous != null && fresh(previous.param.subList(1, previous.param.size()), signer)
        ? previous.param : signed(p, signer);
    List<Name> names = nodes.keySet().stream().filter(n -> !belowCut(origin, nodes, n)).toList();
    byte[][] hashes = new byte[names.size()][];
    for (int i = 0; i < hashes.length; i++) {
      Link old = previous == null ? null : previous.byName.get(names.get(i));
      hashes[i] = old != null ? old.hash() : WhiteLies.hash(names.get(i));
      if (hashes[i] == null) {
        return new Nsec3Chain(List.of(), List.of(), Map.of()); // a JDK without SHA-1: no chain, as no white lies
      }
    }
    Integer[] order = IntStream.range(0, hashes.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(hashes[a], hashes[b]));
    List<Link> links = new ArrayList<>(order.length);
    Map<Name, Link> byName = new HashMap<>(order.length * 2);
    for (int i = 0; i < order.length; i++) {
      Name name = names.get(order[i]);
      int[] types = IntStream.concat(nodes.get(name).sets().stream().mapToInt(RecordSet::type),
          name.equals(origin) ? IntStream.of(Type.NSEC3PARAM) : IntStream.empty()).toArray();
      Name owner = WhiteLies.hashedName(hashes[order[i]], origin);
      if (owner == null) {
        return new Nsec3Chain(List.of(), List.of(), Map.of());
      }
      NSEC3Record nsec3 = new NSEC3Record(owner, DClass.IN, ttl, NSEC3Record.SHA1_DIGEST_ID, 0,
          OnlineSigner.NSEC3_ITERATIONS, null, hashes[order[(i + 1) % order.length]], types);
      Link old = previous == null ? null : previous.byName.get(name);
      Link link = old != null && same(old.nsec3(), nsec3) && fresh(old.sigs(), signer) ? old
          : new Link(hashes[order[i]], nsec3, signer.sign(new RRset(nsec3)));
      links.add(link);
      byName.put(name, link);
    }
    return new Nsec3Chain(param, links, byName);
  }

  /** The NSEC3PARAM, then each NSEC3 in hash order, each followed by its signatures. */
  List<Record> records() {
    List<Record> out = new ArrayList<>(param.size() + links.size() * 2);
    out.addAll(param);
    for (Link l : links) {
      out.add(l.nsec3());
      out.addAll(l.sigs());
    }
    return out;
  }

  /** Adds to {@code deleted} what {@code previous} has that this chain lacks, and to {@code added} the reverse. */
  void changesFrom(Nsec3Chain previous, List<Record> deleted, List<Record> added) {
    if (previous.param != param) {
      deleted.addAll(previous.param.subList(1, previous.param.size()));
      added.addAll(param.subList(1, param.size()));
    }
    Map<Name, Link> kept = new HashMap<>();
    for (Link l : links) {
      kept.put(l.nsec3().getName(), l);
    }
    Map<Name, Link> before = new HashMap<>();
    for (Link l : previous.links) {
      before.put(l.nsec3().getName(), l);
      if (kept.get(l.nsec3().getName()) != l) {
        deleted.add(l.nsec3());
        deleted.addAll(l.sigs());
      }
    }
    for (Link l : links) {
      if (before.get(l.nsec3().getName()) != l) {
        added.add(l.nsec3());
        added.addAll(l.sigs());
      }
    }
  }

  private static List<Record> signed(Record r, OnlineSigner signer) {
    List<Record> out = new ArrayList<>();
    out.add(r);
    out.addAll(signer.sign(new RRset(r)));
    return List.copyOf(out);
  }

  private static boolean fresh(List<? extends Record> sigs, OnlineSigner signer) {
    return !sigs.isEmpty() && sigs.stream().noneMatch(s -> signer.expiresSoon((RRSIGRecord) s));
  }

  private static boolean same(Record a, Record b) {
    return a.equals(b) && a.getTTL() == b.getTTL();
  }

  private static boolean belowCut(Name origin, Map<Name, Node> nodes, Name name) {
    for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
      Node above = nodes.get(new Name(name, strip));
      if (above != null && above.has(Type.NS)) {
        return true;
      }
    }
    return false;
  }
}
