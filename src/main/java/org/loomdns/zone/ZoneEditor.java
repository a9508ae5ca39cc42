package org.loomdns.zone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Changes to one version of a zone, made one set at a time and then {@link #commit committed} as
 * a new version with its {@link ZoneDiff}. The version edited never changes; the new one shares
 * every node that was not touched, and its name map ({@link LayeredNodes}), so a change costs
 * what it touched, not a rebuild or a copy of the zone. Names come and go with their sets: a
 * name whose last set goes, and that has nothing below it, stops existing, and so do the empty
 * non-terminals it alone kept alive.
 * Not thread-safe: one writer edits, then publishes the result.
 */
public final class ZoneEditor {

  /** A committed edit: the new version, and what changed from the one edited. */
  public record Edit(Zone zone, ZoneDiff diff) {}

  private static final RecordSet[] NONE = new RecordSet[0];

  private final Zone base;
  private final Name origin;
  /** The nodes made or removed so far; a null value is a name that no longer exists. */
  private final Map<Name, Node> edits = new HashMap<>();
  private SOARecord soa;

  ZoneEditor(Zone base) {
    this.base = base;
    this.origin = base.origin();
    this.soa = base.soa();
  }

  public Zone base() {
    return base;
  }

  /** The node at {@code name} as edited so far, or null when the name does not exist. */
  public Node node(Name name) {
    Node n = edits.get(name);
    if (n != null || edits.containsKey(name)) {
      return n;
    }
    return base.node(name);
  }

  /** The set of {@code type} at {@code name} as edited so far, or null. */
  public RecordSet set(Name name, int type) {
    Node n = node(name);
    return n == null ? null : n.get(type);
  }

  /**
   * Adds {@code record} to its set. The same data already there is kept once; a TTL unlike the
   * set's becomes the whole set's, as BIND does, since one RRset has one TTL (RFC 2181 section
   * 5.2). A CNAME or DNAME replaces the one there: a name has at most one. False when the record
   * was there already with this TTL.
   */
  public boolean add(Record record) {
    check(record);
    Name name = record.getName();
    int type = record.getType();
    RecordSet old = set(name, type);
    if (old == null || type == Type.CNAME || type == Type.DNAME) {
      if (old != null && old.records().size() == 1 && same(old.first(), record)) {
        return false;
      }
      replace(name, type, List.of(record));
      return true;
    }
    long ttl = record.getTTL();
    List<Record> next = new ArrayList<>(old.records().size() + 1);
    boolean present = false;
    for (Record r : old.records()) {
      present |= SameData.data(r, record); // the data, not the TTL
      next.add(r.getTTL() == ttl ? r : withTtl(r, ttl));
    }
    if (present && old.ttl() == ttl) {
      return false;
    }
    if (!present) {
      next.add(record);
    }
    replace(name, type, next);
    return true;
  }

  /** Deletes the record with {@code record}'s data (whatever its TTL). False when there is none. */
  public boolean delete(Record record) {
    check(record);
    RecordSet old = set(record.getName(), record.getType());
    if (old == null) {
      return false;
    }
    List<Record> next = new ArrayList<>(old.records());
    if (!next.removeIf(r -> SameData.data(r, record))) {
      return false;
    }
    replace(record.getName(), record.getType(), next);
    return true;
  }

  /**
   * Replaces the set of {@code type} at {@code name} by {@code records} as they are, TTLs
   * included (empty deletes it): for RRSIGs, each of which keeps the TTL of the RRset it covers.
   */
  public void replaceSet(Name name, int type, List<Record> records) {
    records.forEach(this::check);
    replace(name, type, records);
  }

  /** Deletes the set of {@code type} at {@code name}. False when there is none. */
  public boolean deleteSet(Name name, int type) {
    if (type == Type.SOA) {
      throw new IllegalArgumentException("the SOA is changed by commit, not deleted");
    }
    if (set(name, type) == null) {
      return false;
    }
    replace(name, type, List.of());
    return true;
  }

  /**
   * Makes the edits a new version with {@code soa}, whose serial the caller chose. The names
   * touched are checked as {@link ZoneBuilder} checks a file: a CNAME stands alone, the apex keeps
   * its NS.
   */
  public Edit commit(SOARecord soa) throws ZoneLoadException {
    this.soa = soa;
    if (!soa.getName().equals(origin)) {
      throw new IllegalArgumentException("SOA at " + soa.getName() + ", but the zone's origin is " + origin);
    }
    if (!same(soa, base.soa())) {
      replace(origin, Type.SOA, List.of(soa));
    }
    for (Map.Entry<Name, Node> e : edits.entrySet()) {
      checkNode(e.getKey(), e.getValue());
    }
    ZoneDiff diff = ZoneDiff.at(base, soa, edits);
    // Shares the base's names, in their order (new names at the end), so the AXFR sort stays cheap.
    Map<Name, Node> nodes = LayeredNodes.of(base.nodes(), edits);
    int count = base.recordCount() + diff.added().size() - diff.deleted().size();
    return new Edit(new Zone(origin, soa, nodes, count, base.source(), base.signer()), diff);
  }

  /**
   * Applies {@code diff}, an IXFR delta or a journal entry stated against the version edited so
   * far: its deletions, its additions, and its new SOA for {@link #commit()}. False, with the edits
   * half made, when the diff does not start at this version (its serial, or a record deleted that
   * is not here): the caller drops this editor.
   */
  public boolean apply(ZoneDiff diff) {
    if (diff.fromSerial() != soa.getSerial()) {
      return false;
    }
    for (Record r : diff.deleted()) {
      if (!delete(r)) {
        return false;
      }
    }
    for (Record r : diff.added()) {
      add(r);
    }
    soa = diff.to();
    return true;
  }

  /** The SOA the next version gets from {@link #commit()}: the base's, or the last diff's applied. */
  public SOARecord soa() {
    return soa;
  }

  /** Commits with {@link #soa()}. */
  public Edit commit() throws ZoneLoadException {
    return commit(soa);
  }

  private void replace(Name name, int type, List<Record> records) {
    Node old = node(name);
    RecordSet[] sets = old == null ? NONE : old.setArray();
    List<RecordSet> next = new ArrayList<>(sets.length + 1);
    for (RecordSet s : sets) {
      if (s.type() != type) {
        next.add(s);
      }
    }
    if (!records.isEmpty()) {
      next.add(new RecordSet(name, type, records.get(0).getTTL(), records));
    }
    RecordSet[] now = next.toArray(NONE);
    if (old == null) {
      if (now.length > 0) {
        edits.put(name, new Node(now, 0));
        addChild(new Name(name, 1));
      }
    } else if (now.length == 0 && old.children == 0 && !name.equals(origin)) {
      edits.put(name, null);
      removeChild(new Name(name, 1));
    } else {
      edits.put(name, new Node(now, old.children));
    }
  }

  private void addChild(Name parent) {
    Node p = node(parent);
    if (p == null) {
      edits.put(parent, new Node(NONE, 1));
      addChild(new Name(parent, 1));
    } else {
      edits.put(parent, new Node(p.setArray(), p.children + 1));
    }
  }

  private void removeChild(Name parent) {
    Node p = node(parent);
    if (p.children == 1 && p.isEmptyNonTerminal() && !parent.equals(origin)) {
      edits.put(parent, null);
      removeChild(new Name(parent, 1));
    } else {
      edits.put(parent, new Node(p.setArray(), p.children - 1));
    }
  }

  private void check(Record r) {
    if (!r.getName().subdomain(origin)) {
      throw new IllegalArgumentException(r.getName() + " is outside the zone " + origin);
    }
    if (r.getDClass() != DClass.IN) {
      throw new IllegalArgumentException("class " + DClass.string(r.getDClass()) + " is not served");
    }
    if (r.getType() == Type.SOA) {
      throw new IllegalArgumentException("the SOA is changed by commit");
    }
  }

  private void checkNode(Name name, Node node) throws ZoneLoadException {
    if (name.equals(origin) && (node == null || !node.has(Type.NS))) {
      throw new ZoneLoadException(base.source(), "no NS records at the apex " + origin);
    }
    if (node == null || !node.has(Type.CNAME)) {
      return;
    }
    for (RecordSet s : node.setArray()) {
      int t = s.type();
      if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC) {
        throw new ZoneLoadException(base.source(), name + " has a CNAME and other data ("
            + Type.string(t) + "); a CNAME must stand alone (RFC 1034 section 3.6.2)");
      }
    }
  }

  private static boolean same(Record a, Record b) {
    return SameData.data(a, b) && a.getTTL() == b.getTTL();
  }

  /** The record with another TTL, its data as written (the canonical wire form would lower its case). */
  private static Record withTtl(Record r, long ttl) {
    try {
      return Record.fromString(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToString(), Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException("a record's own text does not parse: " + r, e);
    }
  }
}
