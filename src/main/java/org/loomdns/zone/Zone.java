package org.loomdns.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone, immutable: its origin, SOA, and a node for every name that exists in it (owners and
 * the empty non-terminals between them and the apex). Built by {@link ZoneBuilder}; each later
 * version is made by a {@link ZoneEditor}, which shares the nodes that did not change.
 */
public final class Zone {

  private final Name origin;
  private final SOARecord soa;
  private final SOARecord negativeSoa;
  private final Map<Name, Node> nodes;
  /**
   * The transfer's records, made at the first transfer of this version and kept for the next
   * (a fleet of secondaries asks for the same version): sorting a million names takes seconds.
   * Made once: a transfer that asks while it is being made (by a primary preparing it at start)
   * waits for it rather than sorting a second time beside it.
   */
  private volatile List<Record> transfer;
  private final ReentrantLock ordering = new ReentrantLock();
  /** The NSEC and NSEC3 chains in order, made at the first signed denial of this version; as above. */
  private volatile DenialIndex denial;
  private final int recordCount;
  private final String source;
  /** The keys that sign this zone online, or null for a zone served as it was written. */
  private final OnlineSigner signer;
  /** A zone signed online: its NSEC3 chain, for transfers; made from the last version's, or at the first transfer. */
  private volatile Nsec3Chain chain;

  Zone(Name origin, SOARecord soa, Map<Name, Node> nodes, int recordCount, String source) {
    this(origin, soa, nodes, recordCount, source, null);
  }

  Zone(Name origin, SOARecord soa, Map<Name, Node> nodes, int recordCount, String source, OnlineSigner signer) {
    this.signer = signer;
    this.origin = origin;
    this.soa = soa;
    this.nodes = nodes;
    this.recordCount = recordCount;
    this.source = source;
    // RFC 2308 section 3: a negative answer's SOA lives as long as the smaller of its TTL and MINIMUM.
    this.negativeSoa = (SOARecord) Record.newRecord(origin, Type.SOA, soa.getDClass(),
        Math.min(soa.getTTL(), soa.getMinimum()), soa.rdataToWireCanonical());
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  /** The SOA that goes into the authority section of NXDOMAIN and NODATA answers. */
  public SOARecord negativeSoa() {
    return negativeSoa;
  }

  public long serial() {
    return soa.getSerial();
  }

  public int recordCount() {
    return recordCount;
  }

  /** Where the zone came from (a file name), for logs. */
  public String source() {
    return source;
  }

  /** The node at {@code name}, or null when the name does not exist in this zone. */
  public Node node(Name name) {
    return nodes.get(name);
  }

  /** The keys signing this zone online (its denials are made at query time), or null. */
  public OnlineSigner signer() {
    return signer;
  }

  /** The proofs of this version's denials when it is signed online (see {@link #signer()}). */
  public WhiteLies whiteLies() {
    return new WhiteLies(origin, negativeSoa.getTTL(), signer, name -> {
      Node node = nodes.get(name);
      return node == null ? null : node.sets().stream().mapToInt(RecordSet::type).toArray();
    });
  }

  /** This version, signed online by {@code keys}: the same records, sharing every node. */
  public Zone signedBy(OnlineSigner keys) {
    return new Zone(origin, soa, nodes, recordCount, source, keys);
  }

  /**
   * This version, signed online, with its NSEC3 chain made from {@code previous}'s (what did not
   * change keeps its signatures), and {@code diff} (from {@code previous}, or null) with the
   * chain's changes added, so an IXFR carries them. As it was when either version is not signed online.
   */
  public ZoneEditor.Edit chainedFrom(Zone previous, ZoneDiff diff) {
    if (signer == null || previous == null || previous.signer == null) {
      return new ZoneEditor.Edit(this, diff);
    }
    Nsec3Chain before = previous.chain();
    Zone chained = new Zone(origin, soa, nodes, recordCount, source, signer);
    chained.chain = Nsec3Chain.of(origin, nodes, negativeSoa.getTTL(), signer, before);
    if (diff == null) {
      return new ZoneEditor.Edit(chained, null);
    }
    List<Record> deleted = new ArrayList<>(diff.deleted());
    List<Record> added = new ArrayList<>(diff.added());
    chained.chain.changesFrom(before, deleted, added);
    return new ZoneEditor.Edit(chained, diff.with(deleted, added));
  }

  private Nsec3Chain chain() {
    Nsec3Chain made = chain;
    if (made == null) {
      made = Nsec3Chain.of(origin, nodes, negativeSoa.getTTL(), signer, null);
      chain = made;
    }
    return made;
  }

  /** Changes to this version are made in an editor and give a new one; this one never changes. */
  public ZoneEditor edit() {
    return new ZoneEditor(this);
  }

  /** Every name's node, for {@link ZoneDiff} and {@link ZoneEditor}; never modified. */
  Map<Name, Node> nodes() {
    return nodes;
  }

  /** The zone's denial chains (RFC 4035, RFC 5155), indexed on first use. */
  public DenialIndex denial() {
    DenialIndex made = denial;
    if (made == null) {
      made = DenialIndex.of(origin, nodes);
      denial = made;
    }
    return made;
  }

  /**
   * Every record, SOA first and last as a zone transfer sends them; a zone signed online adds its
   * whole NSEC3 chain, signed, which its queries do without.
   */
  public List<Record> transferRecords() {
    List<Record> made = transfer;
    if (made == null) {
      ordering.lock();
      try {
        made = transfer;
        if (made == null) {
          made = List.copyOf(sortedRecords());
          transfer = made;
        }
      } finally {
        ordering.unlock();
      }
    }
    return made;
  }

  private List<Record> sortedRecords() {
    List<Record> out = new ArrayList<>(recordCount + 1);
    out.add(soa);
    nodes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> {
          for (RecordSet set : e.getValue().sets()) {
            if (set.type() != Type.SOA) {
              out.addAll(set.records());
            }
          }
        });
    if (signer != null) {
      out.addAll(chain().records());
    }
    out.add(soa);
    return out;
  }

  @Override
  public String toString() {
    return origin + " serial " + serial() + " (" + recordCount + " records from " + source + ")";
  }
}
