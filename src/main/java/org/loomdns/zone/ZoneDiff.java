package org.loomdns.zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loomdns.net.WireLength;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * What changed between two versions of one zone: the records the newer no longer has and those
 * it has anew, each side without its SOA, which {@link #from} and {@link #to} carry. A record
 * whose TTL changed is deleted and added, as RFC 1995 sees it. Immutable.
 *
 * @param bytes about what the deleted and added records take on the wire, the measure
 *     {@link ZoneHistory} is bounded by
 */
public record ZoneDiff(SOARecord from, SOARecord to, List<Record> deleted, List<Record> added, long bytes) {

  /** Sets larger than this are compared through a hash set; smaller ones by a plain scan. */
  private static final int SCAN_LIMIT = 8;

  public ZoneDiff {
    deleted = List.copyOf(deleted);
    added = List.copyOf(added);
  }

  /**
   * The difference from {@code previous} to {@code current}, two versions of one origin. Visits
   * every name of both once: names whose node is the same object, or whose sets hold equal
   * records, cost a comparison. Two versions read from files, or one edited from the other, list
   * their names mostly in the same order, so both are walked side by side and a name is looked up
   * in the other version only where the orders part.
   */
  public static ZoneDiff between(Zone previous, Zone current) {
    if (!previous.origin().equals(current.origin())) {
      throw new IllegalArgumentException("a diff is between versions of one zone, not "
          + previous.origin() + " and " + current.origin());
    }
    List<Record> deleted = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    Map<Name, Node> before = previous.nodes();
    Map<Name, Node> after = current.nodes();
    Iterator<Map.Entry<Name, Node>> old = before.entrySet().iterator();
    Iterator<Map.Entry<Name, Node>> now = after.entrySet().iterator();
    while (old.hasNext() || now.hasNext()) {
      Map.Entry<Name, Node> o = old.hasNext() ? old.next() : null;
      Map.Entry<Name, Node> n = now.hasNext() ? now.next() : null;
      // Two versions' names are distinct objects, mostly fresh from a transfer: same() spares
      // equals' walk of each name's bytes for dnsjava's hash.
      if (o != null && n != null && NameMap.same(o.getKey(), n.getKey())) {
        if (o.getValue() != n.getValue()) {
          compare(o.getValue(), n.getValue(), deleted, added);
        }
        continue;
      }
      if (o != null) {
        Node there = after.get(o.getKey());
        if (there != o.getValue()) {
          compare(o.getValue(), there, deleted, added);
        }
      }
      if (n != null && !before.containsKey(n.getKey())) {
        compare(null, n.getValue(), deleted, added);
      }
    }
    return new ZoneDiff(previous.soa(), current.soa(), deleted, added, size(deleted) + size(added));
  }

  /**
   * The difference an editor made: {@code changed} holds each name it touched and the node it
   * has now (null when the name went). Costs what was touched, not a visit of every name.
   */
  static ZoneDiff at(Zone previous, SOARecord to, Map<Name, Node> changed) {
    List<Record> deleted = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    for (Map.Entry<Name, Node> e : changed.entrySet()) {
      Node old = previous.node(e.getKey());
      if (old != e.getValue()) {
        compare(old, e.getValue(), deleted, added);
      }
    }
    return new ZoneDiff(previous.soa(), to, deleted, added, size(deleted) + size(added));
  }

  /** The same step with {@code deleted} and {@code added} in place of this one's records. */
  public ZoneDiff with(List<Record> deleted, List<Record> added) {
    return new ZoneDiff(from, to, deleted, added, size(deleted) + size(added));
  }

  /** Whether the two versions hold the same records, SOA and TTLs included. */
  public boolean isEmpty() {
    return deleted.isEmpty() && added.isEmpty() && SameData.record(from, to);
  }

  public long fromSerial() {
    return from.getSerial();
  }

  public long toSerial() {
    return to.getSerial();
  }

  /** The diff as an IXFR sends it (RFC 1995 section 4): old SOA, deletions, new SOA, additions. */
  public List<Record> records() {
    List<Record> out = new ArrayList<>(deleted.size() + added.size() + 2);
    out.add(from);
    out.addAll(deleted);
    out.add(to);
    out.addAll(added);
    return out;
  }

  private static void compare(Node old, Node now, List<Record> deleted, List<Record> added) {
    RecordSet[] oldSets = old == null ? new RecordSet[0] : old.setArray();
    RecordSet[] newSets = now == null ? new RecordSet[0] : now.setArray();
    for (RecordSet o : oldSets) {
      if (o.type() != Type.SOA) {
        missing(o, find(newSets, o.type()), deleted);
      }
    }
    for (RecordSet n : newSets) {
      if (n.type() != Type.SOA) {
        missing(n, find(oldSets, n.type()), added);
      }
    }
  }

  private static RecordSet find(RecordSet[] sets, int type) {
    for (RecordSet s : sets) {
      if (s.type() == type) {
        return s;
      }
    }
    return null;
  }

  /**
   * Adds to {@code out} each record of {@code from} that {@code in} (null: no such set) lacks,
   * same data and TTL. Sets of one record, most of a zone's, are compared as records: their
   * {@link RecordSet#records()} makes a list each time, four per name a diff visits.
   */
  private static void missing(RecordSet from, RecordSet in, List<Record> out) {
    if (in == null) {
      out.addAll(from.records());
      return;
    }
    if (from.size() == 1 && in.size() == 1) {
      if (!SameData.sameRecord(in.first(), from.first())) {
        out.add(from.first());
      }
      return;
    }
    missing(from.records(), in.records(), out);
  }

  /** Adds to {@code out} each record of {@code from} that {@code in} lacks (same data and TTL). */
  private static void missing(List<Record> from, List<Record> in, List<Record> out) {
    if (in.size() <= SCAN_LIMIT) {
      for (Record r : from) {
        if (!SameData.containsRecord(in, r)) {
          out.add(r);
        }
      }
      return;
    }
    Set<Record> present = new HashSet<>(in); // Record.equals ignores the TTL, checked after
    long ttl = in.get(0).getTTL();
    for (Record r : from) {
      if (r.getTTL() != ttl || !present.contains(r)) {
        out.add(r);
      }
    }
  }

  private static long size(List<Record> records) {
    long total = 0;
    for (Record r : records) {
      total += WireLength.of(r); // what the record costs a transfer
    }
    return total;
  }
}
